// Section: webhook verification + parsing per signing scheme, on documented
// event bodies, beside `JSON.parse` of the same body.
import { webhookBodies } from './fixtures.mjs';
import { interleave, round, showSpread, spread, syncRate } from './stats.mjs';

export const webhooksSection = {
  id: 'webhooks',
  title: 'Webhook verification',
  async run(ctx) {
    const { conomy, signConomyWebhook, hsaProvider, signHsaWebhook, costplus } = ctx.modules;
    const { secrets } = ctx;
    const now = new Date('2025-10-18T15:30:05Z');
    const conomyClient = conomy({
      ...ctx.settingsFor('conomy', {}),
      webhookSecret: secrets.webhookSecret,
      now: () => now,
    });
    const hsaClient = hsaProvider({ ...ctx.settingsFor('hsa-provider', {}), now: () => now });
    const costplusClient = costplus(ctx.settingsFor('costplus', {}));
    const hsaSigned = (body) => ({
      headers: {
        'x-gale-signature': signHsaWebhook(secrets.webhookSecret, body, Math.floor(now.getTime() / 1000)),
      },
      rawBody: body,
    });
    const schemes = {
      'conomy body signature (HMAC-SHA256 of {event,data}), webhook-transaction-captured.json': () => ({
        client: conomyClient,
        request: signConomyWebhook(secrets.webhookSecret, webhookBodies.conomy, { form: 'body' }),
      }),
      'conomy X-Webhook-Signature header (HMAC-SHA256 of raw body), webhook-transaction-captured.json':
        () => ({
          client: conomyClient,
          request: signConomyWebhook(secrets.webhookSecret, webhookBodies.conomy, { form: 'header' }),
        }),
      'hsa X-Gale-Signature t=,v1= (HMAC-SHA256, tolerance), payment_link.paid event': () => ({
        client: hsaClient,
        request: hsaSigned(webhookBodies.hsa),
      }),
      'hsa shared Authorization: Bearer secret, payment_link.paid event': () => ({
        client: hsaClient,
        request: {
          headers: { authorization: `Bearer ${secrets.webhookSecret}` },
          rawBody: webhookBodies.hsa,
        },
      }),
      'costplus unsigned (parse only), webhook-status-changed.json': () => ({
        client: costplusClient,
        request: { headers: {}, rawBody: webhookBodies.costplusOrder },
      }),
      'costplus unsigned (parse only), webhook-transaction-status-changed.json': () => ({
        client: costplusClient,
        request: { headers: {}, rawBody: webhookBodies.costplusTransaction },
      }),
    };
    const windowMs = ctx.quick ? 60 : 150;
    const rounds = ctx.quick ? 3 : 7;
    const out = { rounds, windowMs, schemes: {} };
    for (const [name, make] of Object.entries(schemes)) {
      const { client, request } = make();
      const check = client.parseWebhook(request);
      if (check._tag !== 'Right') throw new Error(`${name}: ${check.left.message}`);
      const text =
        typeof request.rawBody === 'string' ? request.rawBody : Buffer.from(request.rawBody).toString();
      const sides = {
        parse: () => syncRate(() => JSON.parse(text), windowMs),
        verify: () => syncRate(() => client.parseWebhook(request), windowMs),
      };
      for (const side of Object.values(sides)) side();
      const runs = await interleave(sides, rounds, { gc: false });
      out.schemes[name] = {
        bodyBytes: Buffer.byteLength(text),
        verifiedPerSecond: round(spread(runs.verify, 0).median),
        overParse: spread(runs.verify.map((v, i) => v / runs.parse[i])),
        verified: check.right.verified,
      };
    }
    return out;
  },
  render(r) {
    const lines = [
      '## 4. Webhook verification',
      '',
      'How measured: `provider.parseWebhook({ headers, rawBody })` (signature check where the scheme has one,',
      'JSON parse, decode, event mapping) on a documented event body signed as the provider signs it, against',
      `\`JSON.parse\` of the same body, interleaved over ${r.rounds} rounds of ${r.windowMs} ms, per second of process CPU. The HSA event is the documented`,
      'envelope `{id, type, created_at, data}` around the documented link object (`get-response.seed.json`),',
      'compact as sent. No target; shown so a regression is seen.',
      '',
      '| scheme, body | bytes | events/s | events/s over JSON.parse/s | verified |',
      '|---|---:|---:|---:|---|',
    ];
    for (const [s, v] of Object.entries(r.schemes))
      lines.push(
        `| ${s} | ${v.bodyBytes} | ${num(v.verifiedPerSecond)} | ${showSpread(v.overParse)} | ${v.verified} |`,
      );
    return lines;
  },
};

const num = (n) => n.toLocaleString('en-US');
