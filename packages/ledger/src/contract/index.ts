/**
 * `@paylinks/ledger/contract`: the scenarios every `Ledger` implementation passes (vitest),
 * run by the memory ledger's tests and by `@paylinks/postgres`.
 */
export { describeLedgerContract } from './ledger-contract.js';
