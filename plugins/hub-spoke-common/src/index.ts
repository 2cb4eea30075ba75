/**
 * Types, ids and permissions shared by the Hub & Spoke plugins.
 *
 * @packageDocumentation
 */
export * from './ids';
export * from './types';
export * from './permissions';
export * from './summarize';
export * from './cidr';
export * from './labelSelector';
export * from './dnsNames';
export * from './client';
