export * from './types';
export * from './serialize';
export * from './clusterSecret';
export * from './catalogInfo';
export * from './ingress';
export * from './addons';
export * from './publish';
