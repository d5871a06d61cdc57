import * as E from 'fp-ts/lib/Either.js';

import { advanceStatus, formatMoney, linkStatus, parseDecimal, validateCreateInput } from '@paylinks/core';

// Core-only walk-through used until the adapters and simulators land.
const now = new Date();
const amount = parseDecimal('12.50', 'EUR');
if (E.isLeft(amount)) throw new Error(amount.left.message);
console.log(`"12.50" EUR is ${amount.right.amount} minor units (${formatMoney(amount.right)})`);
const checked = validateCreateInput({ reference: 'inv-1', amount: amount.right, expiresIn: 'P7D' }, { now });
console.log(E.isRight(checked) ? `valid input, expires ${checked.right.expiry?.expiresAt.toISOString()}` : checked.left.message);
const refused = validateCreateInput({ reference: 'inv-2', amount: { amount: 9.95, currency: 'EUR' } }, { now });
console.log(E.isLeft(refused) ? `refused: ${refused.left.field}: ${refused.left.message}` : 'unexpectedly valid');
const paid = advanceStatus(linkStatus('open', 'new'), linkStatus('paid', 'completed'));
console.log(`a late "new" after "paid" leaves the link ${advanceStatus(paid, linkStatus('open', 'new')).unified}`);
