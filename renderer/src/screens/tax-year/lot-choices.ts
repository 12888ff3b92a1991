// The lot methods and basis pools in the user's words: a short name for menus and tables,
// and one line on what each means.
import type { LotMethodId, PoolModeId } from '../../../../shared/api.ts';

export const METHODS: readonly { id: LotMethodId; name: string; explanation: string }[] = [
  { id: 'fifo', name: 'FIFO', explanation: 'First in, first out: the oldest units leave first. The IRS default when you name no method.' },
  { id: 'lifo', name: 'LIFO', explanation: 'Last in, first out: the newest units leave first.' },
  { id: 'hifo', name: 'HIFO', explanation: 'Highest cost first: the units that cost the most leave first, which usually gives the lowest gain.' },
  { id: 'lofo', name: 'LOFO', explanation: 'Lowest cost first: the units that cost the least leave first, which usually gives the highest gain.' },
];

export const POOLS: readonly { id: PoolModeId; name: string; explanation: string }[] = [
  { id: 'universal', name: 'Universal', explanation: 'One pool across all your accounts: a sale may use units bought in any of them.' },
  { id: 'per-wallet', name: 'Per wallet', explanation: 'Each account keeps its own lots: a sale uses only units held in that account.' },
  {
    id: 'auto',
    name: 'Automatic',
    explanation: 'Universal up to 2024, per wallet from 2025, when the IRS began requiring it (Rev. Proc. 2024-28).',
  },
];

export function methodName(id: LotMethodId): string {
  return METHODS.find((method) => method.id === id)?.name ?? id.toUpperCase();
}

export function poolName(id: PoolModeId): string {
  return POOLS.find((pool) => pool.id === id)?.name ?? id;
}
