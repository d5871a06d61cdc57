/** The Conomy adapter's id: `provider` of its links, events and errors, its `providerOptions` key and config key. */
export const conomyProviderId = 'conomy';
