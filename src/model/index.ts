export * from './catalog';
export * from './design';
export * from './dist';
export * from './edge';
export * from './faults';
export * from './kinds';
export * from './migrate';
export * from './params';
