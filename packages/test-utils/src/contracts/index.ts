export * from './upstream';
