import { providerIds } from './registry.js';

const createFlagsHelp = `  --amount DECIMAL        amount in major units ("9.95", "49990" CLP), converted exactly
  --currency CODE         ISO 4217 code
  --reference REF         your own id for what is paid (invoice number)
  --description TEXT
  --expires-in DURATION   ISO 8601 duration (P7D, PT2H) or seconds
  --expires-at INSTANT    ISO 8601 instant with zone (2026-01-31T12:00:00Z)
  --success-url URL   --failure-url URL   --cancel-url URL   --webhook-url URL
  --customer-email EMAIL
  --checkout-token TOKEN  Conomy's checkout token (default: derived from the reference)
  --draft                 Conomy: keep the link a draft (activate it later with paylinks activate)`;

const providerFlagsHelp = `Provider settings (flags win over environment, environment over the config file):
  --provider P            ${providerIds.join(' | ')}   (env PAYLINKS_PROVIDER)
  --api-key KEY           (env PAYLINKS_<PROVIDER>_API_KEY)
  --base-url URL          (env PAYLINKS_<PROVIDER>_BASE_URL), e.g. a simulator's URL
  --client-id ID          Conomy (env PAYLINKS_CONOMY_CLIENT_ID)
  --client-secret SECRET  Conomy (env PAYLINKS_CONOMY_CLIENT_SECRET)
  --access-token TOKEN    Conomy (env PAYLINKS_CONOMY_ACCESS_TOKEN)
  --webhook-secret SECRET Conomy, hsa-provider (env PAYLINKS_<PROVIDER>_WEBHOOK_SECRET)
  --config PATH           settings file (default ./paylinks.config.json)
  --json                  print the normalized model as JSON; errors go to stderr as
                          {"error": {"_tag", "provider", "field", "message", ...}}
  --verbose               print each HTTP request and response to stderr (method, URL template,
                          status, duration, request id; never a header, body or secret)`;

/** Usage of each command, shown by `paylinks help <command>` and `<command> --help`. */
export const commandHelp: Readonly<Record<string, string>> = {
  ledger: `Usage: paylinks ledger migrate [--schema paylinks] [--json]

Runs the link ledger's SQL migrations (shipped with @paylinks/postgres) that the database at
PAYLINKS_DATABASE_URL has not run yet. Safe to run at every deploy and from several places at once.
  --schema NAME       schema of the ledger's tables (default paylinks)`,
  sync: `Usage: paylinks sync [--stale-after-ms 600000] [--limit 100] [--schema paylinks]

Re-fetches, from their providers, the ledger's links that are not final and were not seen for
--stale-after-ms (webhooks get lost), and finishes creates whose process died, batch after batch
of --limit until none is left. Other processes syncing at the same time never fetch the same link.
Every configured provider is synced in one run (each with settings in the environment or the
config file, and the default provider); --provider limits the run to one.
The ledger is the PostgreSQL database at PAYLINKS_DATABASE_URL. Exit 3 when a fetch failed, 2 when
the database refuses the user or password, 4 when it cannot be reached.

${providerFlagsHelp}`,
  simulate: `Usage: paylinks simulate ${providerIds.map((id) => `[${id}]`).join(' ')} [--port N] [--webhook-url URL]

Starts provider simulators on 127.0.0.1 (all of them when none is named) and prints one
JSON line per provider on stdout: {"provider", "baseUrl", "credentials"}; hints go to
stderr. Runs until Ctrl-C. From the repository, run it as "pnpm --silent paylinks simulate"
(without --silent, pnpm prints its own banner on stdout first) or
"node packages/cli/dist/bin.js simulate".
  --port N            first port; the next simulators take N+1, N+2 (default: any free port)
  --webhook-url URL   the webhook URL registered "in the dashboard" of simulators that
                      take one per account rather than per link`,
  create: `Usage: paylinks create --amount 9.95 --currency EUR --reference inv-1 [options]

${createFlagsHelp}
  --qr                    also print the link as a QR code (plain block characters when
                          stdout is not a terminal or NO_COLOR is set)

${providerFlagsHelp}`,
  check: `Usage: paylinks check [--provider costplus,conomy,hsa-provider] <create flags>

Checks the input the create flags describe against each provider, as create would before
sending, and prints every problem of every provider at once. Sends nothing and needs no
credentials. Exits 0 when every provider takes the input, 2 otherwise.
  --provider LIST         providers to check, comma-separated (default: the configured
                          provider, else all three)

${createFlagsHelp}

${providerFlagsHelp}`,
  get: `Usage: paylinks get ID [--qr]

${providerFlagsHelp}`,
  list: `Usage: paylinks list [--status open,paid] [--customer-email EMAIL] [--limit N] [--max N]

Lists every matching link, page after page.
  --status LIST       unified statuses, comma-separated (draft, open, processing, paid,
                      expired, failed, cancelled, unknown)
  --customer-email    only links for this payer
  --limit N           page size: links asked per request (the library's ListQuery.limit)
  --max N             stop after N links in all

${providerFlagsHelp}`,
  cancel: `Usage: paylinks cancel ID [--reason TEXT]

${providerFlagsHelp}`,
  activate: `Usage: paylinks activate ID

Makes a draft link payable (Conomy).

${providerFlagsHelp}`,
  delete: `Usage: paylinks delete ID

${providerFlagsHelp}`,
  watch: `Usage: paylinks watch ID [--interval-ms 2000] [--timeout-ms 600000]

Polls the link until it reaches a final status, showing its status as it changes (in
place on a terminal; one line per change when piped or with NO_COLOR set).
Exits 0 when paid, 1 when final but not paid (expired, failed, cancelled), 4 on timeout.

${providerFlagsHelp}`,
  demo: `Usage: paylinks demo

Starts the three simulators in-process and runs one piece of application code against
each: create an invoice link, fail one payment attempt, pay, receive and verify the
webhooks, and print the three timelines side by side. Exits 0 when every link ends paid.`,
  route: `Usage: paylinks route --config routes.json --amount 49990 --currency CLP --reference inv-1 [options]

Prints the providers a router with these rules would try for this input, in order, and
why each other provider is skipped (not in the route, cannot take the input). Reads no
credentials and sends nothing. Exits 0 when some provider would be tried, 2 otherwise.
  --config PATH           the routing file: { "rules": [...], "fallback": [...], "health": {...} }
  --merchant ID           the merchant id rules match on
  --country CC            customer.address.country (ISO 3166-1 alpha-2)
  --metadata KEY=VALUE    metadata rules match on (repeatable)
  --json                  print the explanation as JSON
  and create's input flags: --amount --currency --reference --description --expires-in
  --expires-at --success-url --failure-url --cancel-url --webhook-url --customer-email
  --checkout-token`,
  help: `Usage: paylinks help [COMMAND]`,
};

/** The overview printed by `paylinks help` and `paylinks` alone. */
export const overviewHelp = `paylinks: payment links on Cost+, Conomy and the HSA/FSA provider, one way.

Usage: paylinks <command> [arguments] [flags]

Commands:
  simulate [providers]   start local provider simulators and print their settings
  create                 create a payment link
  check                  check a create input against one or more providers, sending nothing
  get ID                 show a link
  list                   list links (every page)
  cancel ID              cancel an open link
  activate ID            make a draft link payable
  delete ID              delete a link
  watch ID               wait until a link is paid (or otherwise final)
  route --config FILE    explain which providers a routed create would try, and why
  demo                   the end-to-end demo against the three simulators
  ledger migrate         create or update the link ledger's tables (PAYLINKS_DATABASE_URL)
  sync                   re-fetch stale links into the ledger, finish interrupted creates
  help [command]         this text, or a command's

Exit codes: 0 ok; 1 not paid (watch, demo); 2 bad input, bad configuration, an
operation the provider lacks, or no command at all; 3 provider error; 4 network error or
watch timeout. NO_COLOR (or output that is not a terminal) turns off every ANSI sequence.

Run "paylinks help <command>" for a command's flags.`;
