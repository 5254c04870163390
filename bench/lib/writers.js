// Writers: one resolved graph -> the files a real tool would leave in the repository, in that
// tool's real format. Each writer returns `{ files: { relPath: text }, expected: string[] }`,
// where `expected` lists the packages a correct scanner must report, as `name@version` in the
// ecosystem's canonical spelling (Go without the leading `v`, plus `stdlib`; Cargo with the root
// crate, which Cargo.lock itself lists).
const REGISTRY = 'https://registry.example.com';

const caret = (v) => `^${v}`;
const tgz = (name, v) => `${REGISTRY}/${name}/-/${name.startsWith('@') ? name.split('/')[1] : name}-${v}.tgz`;
const json = (v) => `${JSON.stringify(v, null, 2)}\n`;
const LICENSES = ['MIT', 'MIT', 'MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause', '0BSD'];
const licenseOf = (name) => LICENSES[name.length % LICENSES.length];

function packageJson(project, g) {
  const deps = {};
  const dev = {};
  for (const i of g.directProd) deps[g.pkgs[i].name] = caret(g.pkgs[i].version);
  for (const i of g.directDev) dev[g.pkgs[i].name] = caret(g.pkgs[i].version);
  return { name: project, version: '1.0.0', private: true, scripts: { build: 'tsc -p .', test: 'vitest run' }, dependencies: deps, devDependencies: dev };
}

const sortObj = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** npm package-lock.json, lockfileVersion 3 (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json). */
export function npmLock(r, project, g) {
  const pj = packageJson(project, g);
  const paths = g.pkgs.map((p) => `node_modules/${p.name}`);
  g.pkgs.forEach((p, i) => {
    if (p.parent !== undefined) paths[i] = `${paths[p.parent]}/node_modules/${p.name}`;
  });
  const entries = [];
  g.pkgs.forEach((p, i) => {
    const e = { version: p.version, resolved: tgz(p.name, p.version), integrity: `sha512-${r.base64(64)}` };
    if (p.dev) e.dev = true;
    e.license = licenseOf(p.name);
    if (p.deps.length) e.dependencies = sortObj(Object.fromEntries(p.deps.map((d) => [g.pkgs[d].name, caret(g.pkgs[d].version)])));
    if (r.chance(0.2)) e.engines = { node: '>=14' };
    if (r.chance(0.05)) e.bin = { [p.name.replace(/^@.*\//, '')]: 'bin/cli.js' };
    entries.push([paths[i], e]);
  });
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const root = { name: project, version: '1.0.0', dependencies: pj.dependencies, devDependencies: pj.devDependencies };
  const lock = { name: project, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': root, ...Object.fromEntries(entries) } };
  return { files: { 'package.json': json(pj), 'package-lock.json': json(lock) }, expected: [...new Set(g.pkgs.map((p) => `${p.name}@${p.version}`))] };
}

const yq = (s) => (/^[A-Za-z0-9._/-][^:#,"]*$/.test(s) && !s.startsWith('@') ? s : JSON.stringify(s));

/** yarn.lock, classic (v1) or berry (`__metadata` version 8). */
export function yarnLock(r, project, g, { berry = false } = {}) {
  const pj = packageJson(project, g);
  // Specifiers that resolve to each package: one per distinct range its dependents use.
  const specs = new Map(); // index -> Set of ranges
  const want = (i) => {
    if (!specs.has(i)) specs.set(i, new Set());
    specs.get(i).add(caret(g.pkgs[i].version));
  };
  for (const i of [...g.directProd, ...g.directDev]) want(i);
  g.pkgs.forEach((p) => p.deps.forEach(want));
  g.pkgs.forEach((_, i) => want(i));
  const blocks = [];
  g.pkgs.forEach((p, i) => {
    const ranges = [...specs.get(i)].sort();
    const deps = p.deps.map((d) => [g.pkgs[d].name, caret(g.pkgs[d].version)]).sort(([a], [b]) => (a < b ? -1 : 1));
    let text;
    if (!berry) {
      const key = ranges.map((rg) => yq(`${p.name}@${rg}`)).join(', ');
      text = `${key}:\n  version "${p.version}"\n  resolved "${tgz(p.name, p.version)}#${r.hex(40)}"\n  integrity sha512-${r.base64(64)}\n`;
      if (deps.length) text += `  dependencies:\n${deps.map(([n, v]) => `    ${yq(n)} "${v}"\n`).join('')}`;
    } else {
      const key = ranges.map((rg) => `${p.name}@npm:${rg}`).join(', ');
      text = `"${key}":\n  version: ${p.version}\n  resolution: "${p.name}@npm:${p.version}"\n`;
      if (deps.length) text += `  dependencies:\n${deps.map(([n, v]) => `    ${n.startsWith('@') ? `"${n}"` : n}: "npm:${v}"\n`).join('')}`;
      text += `  checksum: 10c0/${r.hex(128)}\n  languageName: node\n  linkType: hard\n`;
    }
    blocks.push([text.split(':\n')[0].replace(/"/g, ''), text]);
  });
  if (berry) {
    const all = [...Object.entries(pj.dependencies), ...Object.entries(pj.devDependencies)].sort(([a], [b]) => (a < b ? -1 : 1));
    blocks.push([`${project}@workspace:.`, `"${project}@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "${project}@workspace:."\n  dependencies:\n${all.map(([n, v]) => `    ${n.startsWith('@') ? `"${n}"` : n}: "npm:${v}"\n`).join('')}  languageName: unknown\n  linkType: soft\n`]);
  }
  blocks.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = berry
    ? '# This file is generated by running "yarn install" inside your project.\n# Manual changes might be lost - proceed with caution!\n\n__metadata:\n  version: 8\n  cacheKey: 10c0\n'
    : '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n';
  const lock = `${head}\n${blocks.map(([, t]) => t).join('\n')}`;
  const files = { 'package.json': json(berry ? { ...pj, packageManager: 'yarn@4.1.1' } : pj), 'yarn.lock': lock };
  if (berry) files['.yarnrc.yml'] = `nodeLinker: node-modules\nnpmRegistryServer: "${REGISTRY}"\n`;
  return { files, expected: [...new Set(g.pkgs.map((p) => `${p.name}@${p.version}`))] };
}

const pq = (s) => (s.startsWith('@') ? `'${s}'` : s);

/** pnpm-lock.yaml, lockfileVersion '9.0' (importers, packages, snapshots). */
export function pnpmLock(r, project, g) {
  const pj = packageJson(project, g);
  const id = (i) => `${g.pkgs[i].name}@${g.pkgs[i].version}`;
  const importer = (list) => list.map((i) => [g.pkgs[i].name, i]).sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([n, i]) => `      ${pq(n)}:\n        specifier: ${caret(g.pkgs[i].version)}\n        version: ${g.pkgs[i].version}\n`).join('');
  let text = `lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n`;
  if (g.directProd.length) text += `    dependencies:\n${importer(g.directProd)}`;
  if (g.directDev.length) text += `    devDependencies:\n${importer(g.directDev)}`;
  const order = [...new Set(g.pkgs.map((_, i) => i))].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  text += '\npackages:\n\n';
  for (const i of order) {
    text += `  ${pq(id(i))}:\n    resolution: {integrity: sha512-${r.base64(64)}}\n`;
    if (r.chance(0.2)) text += `    engines: {node: '>=14'}\n`;
    text += '\n';
  }
  text += 'snapshots:\n\n';
  for (const i of order) {
    const p = g.pkgs[i];
    if (!p.deps.length) {
      text += `  ${pq(id(i))}: {}\n\n`;
      continue;
    }
    const deps = p.deps.map((d) => [g.pkgs[d].name, g.pkgs[d].version]).sort(([a], [b]) => (a < b ? -1 : 1));
    text += `  ${pq(id(i))}:\n    dependencies:\n${deps.map(([n, v]) => `      ${pq(n)}: ${v}\n`).join('')}\n`;
  }
  return { files: { 'package.json': json({ ...pj, packageManager: 'pnpm@9.1.0' }), 'pnpm-lock.yaml': text.replace(/\n+$/, '\n') }, expected: [...new Set(g.pkgs.map((_, i) => id(i)))] };
}

/** poetry.lock, lock-version 2.0, with its pyproject.toml. */
export function poetryLock(r, project, g) {
  let text = '# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.\n';
  const sorted = g.pkgs.map((p, i) => i).sort((a, b) => (g.pkgs[a].name < g.pkgs[b].name ? -1 : 1));
  for (const i of sorted) {
    const p = g.pkgs[i];
    const wheel = `${p.name.replace(/-/g, '_')}-${p.version}`;
    text += `\n[[package]]\nname = "${p.name}"\nversion = "${p.version}"\ndescription = "The ${p.name} library"\noptional = false\npython-versions = ">=3.8"\n`;
    text += `files = [\n    {file = "${wheel}-py3-none-any.whl", hash = "sha256:${r.hex(64)}"},\n    {file = "${p.name}-${p.version}.tar.gz", hash = "sha256:${r.hex(64)}"},\n]\n`;
    if (p.deps.length) {
      text += '\n[package.dependencies]\n';
      for (const d of p.deps) text += `${g.pkgs[d].name} = ">=${g.pkgs[d].version}"\n`;
    }
  }
  text += `\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "${r.hex(64)}"\n`;
  const dep = (i) => `${g.pkgs[i].name} = "^${g.pkgs[i].version}"\n`;
  const pyproject = `[tool.poetry]\nname = "${project}"\nversion = "0.1.0"\ndescription = ""\nauthors = ["Platform Team <platform@example.com>"]\n\n[tool.poetry.dependencies]\npython = "^3.11"\n${g.directProd.map(dep).join('')}\n[tool.poetry.group.dev.dependencies]\n${g.directDev.map(dep).join('')}\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n`;
  return { files: { 'pyproject.toml': pyproject, 'poetry.lock': text }, expected: g.pkgs.map((p) => `${p.name}@${p.version}`) };
}

/** requirements.txt as `pip-compile --generate-hashes` writes it. */
export function requirementsTxt(r, project, g) {
  const by = new Map();
  g.pkgs.forEach((p, i) => p.deps.forEach((d) => { if (!by.has(d)) by.set(d, []); by.get(d).push(i); }));
  let text = `#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile --generate-hashes requirements.in\n#\n--index-url ${REGISTRY}/simple\n\n`;
  const sorted = g.pkgs.map((p, i) => i).sort((a, b) => (g.pkgs[a].name < g.pkgs[b].name ? -1 : 1));
  for (const i of sorted) {
    const p = g.pkgs[i];
    text += `${p.name}==${p.version} \\\n    --hash=sha256:${r.hex(64)} \\\n    --hash=sha256:${r.hex(64)}\n`;
    const via = (by.get(i) ?? []).map((d) => g.pkgs[d].name);
    if (via.length === 1) text += `    # via ${via[0]}\n`;
    else if (via.length > 1) text += `    # via\n${via.map((v) => `    #   ${v}\n`).join('')}`;
    else text += '    # via -r requirements.in\n';
  }
  return { files: { 'requirements.in': g.directProd.map((i) => `${g.pkgs[i].name}\n`).join(''), 'requirements.txt': text }, expected: g.pkgs.map((p) => `${p.name}@${p.version}`) };
}

/** go.mod (go 1.22, two require blocks) with its go.sum. */
export function goMod(r, project, g) {
  const direct = new Set([...g.directProd, ...g.directDev]);
  const line = (i) => `\t${g.pkgs[i].name} v${g.pkgs[i].version}${direct.has(i) ? '' : ' // indirect'}\n`;
  const all = g.pkgs.map((_, i) => i).sort((a, b) => (g.pkgs[a].name < g.pkgs[b].name ? -1 : 1));
  const d = all.filter((i) => direct.has(i));
  const ind = all.filter((i) => !direct.has(i));
  const mod = `module go.example.com/acme/${project}\n\ngo 1.22.0\n\ntoolchain go1.22.5\n\nrequire (\n${d.map(line).join('')})\n\nrequire (\n${ind.map(line).join('')})\n`;
  let sum = '';
  for (const i of all) {
    const p = g.pkgs[i];
    sum += `${p.name} v${p.version} h1:${r.base64(32)}\n${p.name} v${p.version}/go.mod h1:${r.base64(32)}\n`;
  }
  return { files: { 'go.mod': mod, 'go.sum': sum }, expected: [...g.pkgs.map((p) => `${p.name}@${p.version}`), 'stdlib@1.22.5'] };
}

/** Cargo.lock version 4, the root crate included as Cargo lists it. */
export function cargoLock(r, project, g) {
  const counts = new Map();
  for (const p of g.pkgs) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  const ref = (i) => (counts.get(g.pkgs[i].name) > 1 ? `${g.pkgs[i].name} ${g.pkgs[i].version}` : g.pkgs[i].name);
  const entries = g.pkgs.map((p) => ({ name: p.name, version: p.version, text: `[[package]]\nname = "${p.name}"\nversion = "${p.version}"\nsource = "registry+${REGISTRY}/crates.io-index"\nchecksum = "${r.hex(64)}"\n${p.deps.length ? `dependencies = [\n${p.deps.map((d) => ` "${ref(d)}",\n`).sort().join('')}]\n` : ''}` }));
  const rootDeps = [...g.directProd, ...g.directDev].map((i) => ` "${ref(i)}",\n`).sort().join('');
  entries.push({ name: project, version: '0.1.0', text: `[[package]]\nname = "${project}"\nversion = "0.1.0"\ndependencies = [\n${rootDeps}]\n` });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  const lock = `# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n${entries.map((e) => e.text).join('\n')}`;
  const dep = (i) => `${g.pkgs[i].name} = "${g.pkgs[i].version}"\n`;
  const manifest = `[package]\nname = "${project}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${g.directProd.map(dep).join('')}\n[dev-dependencies]\n${g.directDev.map(dep).join('')}`;
  return { files: { 'Cargo.toml': manifest, 'Cargo.lock': lock }, expected: [...g.pkgs.map((p) => `${p.name}@${p.version}`), `${project}@0.1.0`] };
}

/** Maven pom.xml: the direct dependencies (a POM declares no more), some versions through properties. */
export function pomXml(r, project, g) {
  const props = [];
  const deps = [];
  const direct = g.pkgs.map((_, i) => i);
  for (const i of direct) {
    const p = g.pkgs[i];
    const [groupId, artifactId] = p.name.split(':');
    let version = p.version;
    const prop = `${artifactId}.version`;
    if (r.chance(0.3) && !props.some((x) => x.includes(`<${prop}>`))) {
      props.push(`    <${prop}>${p.version}</${prop}>\n`);
      version = `\${${prop}}`;
    }
    deps.push(`    <dependency>\n      <groupId>${groupId}</groupId>\n      <artifactId>${artifactId}</artifactId>\n      <version>${version}</version>\n${p.dev ? '      <scope>test</scope>\n' : ''}    </dependency>\n`);
  }
  const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example.acme</groupId>
  <artifactId>${project}</artifactId>
  <version>1.0.0-SNAPSHOT</version>
  <packaging>jar</packaging>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
${props.join('')}  </properties>
  <repositories>
    <repository>
      <id>internal</id>
      <url>${REGISTRY}/maven2</url>
    </repository>
  </repositories>
  <dependencies>
${deps.join('')}  </dependencies>
</project>
`;
  return { files: { 'pom.xml': pom }, expected: g.pkgs.map((p) => `${p.name}@${p.version}`) };
}

/** Gemfile.lock (Bundler 2.5) with its Gemfile. */
export function gemfileLock(r, project, g) {
  const sorted = g.pkgs.map((_, i) => i).sort((a, b) => (g.pkgs[a].name < g.pkgs[b].name ? -1 : 1));
  let specs = '';
  for (const i of sorted) {
    const p = g.pkgs[i];
    specs += `    ${p.name} (${p.version})\n`;
    for (const d of [...p.deps].sort((a, b) => (g.pkgs[a].name < g.pkgs[b].name ? -1 : 1))) specs += `      ${g.pkgs[d].name} (>= ${g.pkgs[d].version})\n`;
  }
  const direct = [...g.directProd, ...g.directDev].map((i) => g.pkgs[i]).sort((a, b) => (a.name < b.name ? -1 : 1));
  const lock = `GEM\n  remote: ${REGISTRY}/\n  specs:\n${specs}\nPLATFORMS\n  ruby\n  x86_64-linux\n\nDEPENDENCIES\n${direct.map((p) => `  ${p.name} (~> ${p.version})\n`).join('')}\nRUBY VERSION\n   ruby 3.3.0p0\n\nBUNDLED WITH\n   2.5.6\n`;
  const gemfile = `source "${REGISTRY}"\n\n${g.directProd.map((i) => `gem "${g.pkgs[i].name}", "~> ${g.pkgs[i].version}"\n`).join('')}\ngroup :development, :test do\n${g.directDev.map((i) => `  gem "${g.pkgs[i].name}", "~> ${g.pkgs[i].version}"\n`).join('')}end\n`;
  return { files: { Gemfile: gemfile, 'Gemfile.lock': lock }, expected: g.pkgs.map((p) => `${p.name}@${p.version}`) };
}

/** composer.lock (packages and packages-dev) with its composer.json; some versions carry the `v` prefix as Symfony's do. */
export function composerLock(r, project, g) {
  const entry = (p) => {
    const version = p.name.startsWith('symfony/') ? `v${p.version}` : p.version;
    const ref = r.hex(40);
    return {
      name: p.name,
      version,
      source: { type: 'git', url: `https://git.example.com/${p.name}.git`, reference: ref },
      dist: { type: 'zip', url: `${REGISTRY}/dist/${p.name}/${ref}.zip`, reference: ref, shasum: '' },
      require: Object.fromEntries([['php', '>=8.1'], ...p.deps.map((d) => [g.pkgs[d].name, `^${g.pkgs[d].version}`])]),
      type: 'library',
      autoload: { 'psr-4': { [`${p.name.split('/')[1].replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}\\`]: 'src/' } },
      'notification-url': `${REGISTRY}/downloads/`,
      license: [licenseOf(p.name)],
      description: `The ${p.name} package`,
      time: '2024-03-01T10:00:00+00:00',
    };
  };
  const byName = (a, b) => (a.name < b.name ? -1 : 1);
  const lock = {
    _readme: ['This file locks the dependencies of your project to a known state', 'Read more about it at https://getcomposer.org/doc/01-basic-usage.md#installing-dependencies', 'This file is @generated automatically'],
    'content-hash': r.hex(32),
    packages: g.pkgs.filter((p) => !p.dev).sort(byName).map(entry),
    'packages-dev': g.pkgs.filter((p) => p.dev).sort(byName).map(entry),
    aliases: [],
    'minimum-stability': 'stable',
    'stability-flags': [],
    'prefer-stable': true,
    'prefer-lowest': false,
    platform: { php: '>=8.1' },
    'platform-dev': [],
    'plugin-api-version': '2.6.0',
  };
  const manifest = { name: `acme/${project}`, type: 'project', require: Object.fromEntries(g.directProd.map((i) => [g.pkgs[i].name, `^${g.pkgs[i].version}`])), 'require-dev': Object.fromEntries(g.directDev.map((i) => [g.pkgs[i].name, `^${g.pkgs[i].version}`])) };
  const expected = g.pkgs.map((p) => `${p.name}@${p.name.startsWith('symfony/') ? `v${p.version}` : p.version}`);
  return { files: { 'composer.json': `${JSON.stringify(manifest, null, 4)}\n`, 'composer.lock': `${JSON.stringify(lock, null, 4)}\n` }, expected };
}
