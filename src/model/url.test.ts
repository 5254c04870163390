import { describe, expect, it } from 'vitest';
import { withoutCredentials } from './url.js';

describe('withoutCredentials', () => {
  it.each([
    ['https://user:token@registry.example.com/a/-/a-1.0.0.tgz', 'https://registry.example.com/a/-/a-1.0.0.tgz'],
    ['https://token@registry.example.com/a.tgz', 'https://registry.example.com/a.tgz'],
    ['git+https://x-access-token:ghp_abc@github.com/o/r.git#abc', 'git+https://github.com/o/r.git#abc'],
    ['git+ssh://git@github.com/o/r.git', 'git+ssh://git@github.com/o/r.git'],
    ['ssh://deploy:s3cret@git.example.com/r.git', 'ssh://git.example.com/r.git'],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
    ['https://registry.example.com/@scope/a/-/a-1.0.0.tgz', 'https://registry.example.com/@scope/a/-/a-1.0.0.tgz'],
    ['file:../local', 'file:../local'],
    ['https://user:secret@registry.example.com/simple', 'https://registry.example.com/simple'],
    ['git+https://ghp_token@github.com/org/repo.git', 'git+https://github.com/org/repo.git'],
    ['https://${TOKEN}@github.com/org/repo', 'https://github.com/org/repo'],
    ['ssh://git@github.com/org/repo.git', 'ssh://git@github.com/org/repo.git'],
    ['ssh://git:secret@github.com/org/repo.git', 'ssh://github.com/org/repo.git'],
    ['https://github.com/org/repo/archive/v1@x.zip', 'https://github.com/org/repo/archive/v1@x.zip'],
  ])('%s -> %s', (input, output) => {
    expect(withoutCredentials(input)).toBe(output);
  });
});
