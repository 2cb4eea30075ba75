export * from './fixtures';
export * from './fakeHubSpoke';
