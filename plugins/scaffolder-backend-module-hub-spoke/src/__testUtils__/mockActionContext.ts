/** The scaffolder's own mock action context (a mock logger, jest.fn `output`, input, workspacePath, secrets). */
export { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
