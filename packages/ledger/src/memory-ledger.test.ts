import { describeLedgerContract } from './contract/ledger-contract.js';
import { createMemoryLedger } from './memory-ledger.js';

describeLedgerContract('memory', async () => createMemoryLedger());
