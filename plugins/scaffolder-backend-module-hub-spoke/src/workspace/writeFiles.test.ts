import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { readTree } from '../__testUtils__/fixtures';
import { writeFiles } from './writeFiles';

describe('writeFiles', () => {
  const mockDir = createMockDirectory();
  const workspace = () => mockDir.resolve('workspace');

  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'clusters/old/catalog-info.yaml': 'kind: Resource\n',
        'clusters/old/hub/cluster-secret.yaml': 'kind: Secret\n',
        'clusters/keep.yaml': 'kind: Keep\n',
      },
      'outside.yaml': 'kind: Outside\n',
    });
  });

  it('writes files, creating their folders, and reports them sorted', async () => {
    const changes = await writeFiles(workspace(), {
      write: [
        { path: 'clusters/new/spoke/gateway.yaml', content: 'kind: Gateway\n' },
        { path: 'clusters/new/catalog-info.yaml', content: 'kind: Resource\n' },
      ],
    });
    expect(changes).toEqual({
      written: [
        'clusters/new/catalog-info.yaml',
        'clusters/new/spoke/gateway.yaml',
      ],
      removed: [],
    });
    expect(readTree(workspace())).toMatchObject({
      'clusters/new/catalog-info.yaml': 'kind: Resource\n',
      'clusters/new/spoke/gateway.yaml': 'kind: Gateway\n',
    });
  });

  it('overwrites a file that is there', async () => {
    await writeFiles(workspace(), {
      write: [{ path: 'clusters/keep.yaml', content: 'kind: New\n' }],
    });
    expect(readTree(workspace())['clusters/keep.yaml']).toBe('kind: New\n');
  });

  it('removes files and whole folders, reporting every file removed, and skips what is not there', async () => {
    const changes = await writeFiles(workspace(), {
      remove: ['clusters/old', 'clusters/keep.yaml', 'clusters/missing.yaml'],
    });
    expect(changes).toEqual({
      written: [],
      removed: [
        'clusters/keep.yaml',
        'clusters/old/catalog-info.yaml',
        'clusters/old/hub/cluster-secret.yaml',
      ],
    });
    expect(readTree(workspace())).toEqual({});
    expect(fs.existsSync(mockDir.resolve('workspace/clusters/old'))).toBe(
      false,
    );
  });

  it('writes before it removes', async () => {
    const changes = await writeFiles(workspace(), {
      write: [{ path: 'clusters/new.yaml', content: 'kind: New\n' }],
      remove: ['clusters/old'],
    });
    expect(changes.written).toEqual(['clusters/new.yaml']);
    expect(Object.keys(readTree(workspace())).sort()).toEqual([
      'clusters/keep.yaml',
      'clusters/new.yaml',
    ]);
  });

  it.each([
    ['a ../ escape', '../outside.yaml', /"\.\.\/outside\.yaml" leads outside/],
    [
      'an escape in the middle',
      'clusters/../../outside.yaml',
      /"clusters\/\.\.\/\.\.\/outside\.yaml" leads outside/,
    ],
    ['an absolute path', '/etc/passwd', /"\/etc\/passwd" is an absolute path/],
    [
      'the workspace itself',
      'clusters/..',
      /"clusters\/\.\." is the workspace/,
    ],
  ])(
    'refuses %s to write or remove, and then writes nothing',
    async (_, bad, message) => {
      const before = readTree(mockDir.path);
      const write = writeFiles(workspace(), {
        write: [
          { path: 'clusters/new.yaml', content: 'kind: New\n' },
          { path: bad, content: 'kind: Bad\n' },
        ],
        remove: ['clusters/old'],
      });
      await expect(write).rejects.toThrow(InputError);
      await expect(write).rejects.toThrow(message);
      const remove = writeFiles(workspace(), {
        write: [{ path: 'clusters/new.yaml', content: 'kind: New\n' }],
        remove: ['clusters/old', bad],
      });
      await expect(remove).rejects.toThrow(message);
      expect(readTree(mockDir.path)).toEqual(before);
    },
  );

  it('refuses a path through a symbolic link that leads outside the workspace', async () => {
    fs.symlinkSync(mockDir.path, path.join(workspace(), 'link'));
    await expect(
      writeFiles(workspace(), {
        write: [{ path: 'link/outside.yaml', content: 'kind: Bad\n' }],
      }),
    ).rejects.toThrow(/"link\/outside\.yaml" leads outside the workspace/);
    expect(fs.readFileSync(mockDir.resolve('outside.yaml'), 'utf8')).toBe(
      'kind: Outside\n',
    );
  });
});
