/**
 * Canary credentials: every simulator and adapter in this suite runs with
 * them, so any error, stringified value or CLI output that contains one is a
 * leak. Each is unique and long enough that a match cannot be a coincidence.
 */
export const canaries = {
  costplus: { apiKey: 'cnry_costplus_apikey_5f0c1e9a7b' },
  conomy: {
    apiKey: 'cnry_conomy_apikey_8d2b7c41e6',
    clientId: 'cnry_conomy_clientid_31aa',
    clientSecret: 'cnry_conomy_clientsecret_b71e0d3f',
    webhookSecret: 'cnry_conomy_whsec_2c9a4f70d1',
    /** A token the in-memory Conomy stand-ins hand out at `POST /auth`. */
    accessToken: 'cnry_conomy_token_64c2e8a01f',
  },
  'hsa-provider': {
    apiKey: 'glm_test_cnry_hsa_apikey_e4a1b2c3',
    webhookSecret: 'whsec_cnry_hsa_91d0f3aa57',
  },
} as const;

/** The values that must never leak (client ids are not secrets, so they are not listed). */
export function secretValues(): string[] {
  return [
    canaries.costplus.apiKey,
    canaries.conomy.apiKey,
    canaries.conomy.clientSecret,
    canaries.conomy.webhookSecret,
    canaries.conomy.accessToken,
    canaries['hsa-provider'].apiKey,
    canaries['hsa-provider'].webhookSecret,
  ];
}
