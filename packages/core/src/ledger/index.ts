export * from './fulfilment-worker.js';
export * from './ledger-client.js';
export * from './ledger.js';
export * from './memory-ledger.js';
