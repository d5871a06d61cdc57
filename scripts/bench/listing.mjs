// Section: the page size `list()` asks for when the caller names none.
import { defaultPage, largestPage } from './fixtures.mjs';

export const listingSection = {
  id: 'listing',
  title: 'Listing',
  needsServer: true,
  async run(ctx) {
    const out = {};
    for (const provider of ctx.providers) {
      const client = ctx.factories[provider](ctx.settingsFor(provider, { baseUrl: ctx.baseUrl(provider) }));
      if (client.list === undefined) {
        out[provider] = { supported: false };
        continue;
      }
      await ctx.server.call('/__record/start');
      const page = await client.list({})();
      const recorded = await ctx.server.call('/__record/stop');
      if (page._tag !== 'Right') throw new Error(`${provider} list failed: ${page.left.message}`);
      const query = new URL(recorded[0].path, 'http://x').searchParams;
      const limit = query.get('limit');
      out[provider] = {
        supported: true,
        limitSent: limit === null ? null : Number(limit),
        largestPage: largestPage[provider],
        providerDefault: defaultPage[provider] ?? null,
      };
    }
    return out;
  },
  render(r) {
    const lines = [
      '## 6. Listing',
      '',
      'How measured: `provider.list({})` (no limit given) against the loopback server, which records the',
      'query string of the request; a provider that is sent no limit uses its own default (HSA: 10). Requests',
      "for 10,000 links follow from the page size. Target: the provider's largest page unless the caller says otherwise.",
      '',
      '| adapter | limit sent | largest page | requests for 10,000 links | target |',
      '|---|---:|---:|---:|---|',
    ];
    for (const [p, v] of Object.entries(r)) {
      if (!v.supported) {
        lines.push(`| ${p} | (no list operation) | | | |`);
        continue;
      }
      const page = v.limitSent ?? v.providerDefault;
      lines.push(
        `| ${p} | ${v.limitSent ?? 'none'} | ${v.largestPage} | ${page === null ? 'unknown' : Math.ceil(10_000 / page)} | ${v.limitSent === v.largestPage ? 'met' : 'not met'} |`,
      );
    }
    return lines;
  },
  targets(r) {
    const listed = Object.entries(r).filter(([, v]) => v.supported);
    return [
      {
        id: 'listing',
        target: "list() asks for the provider's largest page by default",
        figure: listed.map(([p, v]) => `${p} ${v.limitSent ?? 'none'} of ${v.largestPage}`).join(', '),
        met: listed.every(([, v]) => v.limitSent === v.largestPage),
      },
    ];
  },
};
