// Package-name pools per ecosystem, shared by every generated repository so that packages repeat
// across repositories as they do in a real organization. Each pool starts with well-known real
// names (the most popular, picked most often) and is filled up with plausible made-up names.
// Popularity follows a Zipf-like curve; versions per name are derived from the name's hash.
import { createRandom, hash32 } from './random.js';

const WORDS = `
async auth base cache chalk client color config core crypto data date debug deep diff dom emit
env error event express fast fetch file flow form format fs glob graph hash http icon image
ini json jwt key lang lazy lint list log map merge meta mime mock node object parse path
plugin pool promise proxy query queue react redux regex render request resolve retry route
rpc safe schema semver sort source spec stream string style sync table task template test
text time token trace tree type uri url util uuid validate value view watch web worker yaml
zip agent array assert babel batch binary bridge buffer bundle chart cli cloud codec compose
context cookie cors csv cursor decode deploy detect dotenv draft editor encode entity eval
fiber field filter fixture flag font gauge gateway grid guard hook host index inject intl
io kit layout limit link loader locale lock logger loop macro mail markdown matrix memo
metric middleware model module monitor mount native net notify option pack pager panel
parser patch pipe pixel poll port post preset print probe profile prompt pub push quick
rate reader record relay remote report rest rule runner sass scope scroll secret serve
session shell signal sketch slug socket span split sql stack state store strict sub svg
swap tag term theme thread throttle toast trie trim tuple unit upload vector vendor vue
wasm wrap writer xml
`.trim().split(/\s+/);

const SCOPES = ['acme', 'babel', 'types', 'aws-sdk', 'nestjs', 'angular', 'vue', 'emotion', 'mui', 'testing-library', 'opentelemetry', 'radix-ui', 'tanstack', 'sentry', 'octokit'];

const REAL = {
  npm: `react react-dom lodash express chalk commander debug ms semver tslib typescript uuid axios
  @babel/core @babel/runtime @babel/parser @babel/types @types/node @types/react eslint prettier
  jest vitest webpack vite rollup esbuild postcss autoprefixer classnames dotenv yargs glob minimatch
  rimraf mkdirp inherits safe-buffer readable-stream string_decoder once wrappy supports-color
  has-flag ansi-styles color-convert color-name escape-string-regexp js-tokens loose-envify
  object-assign scheduler picocolors nanoid source-map source-map-js follow-redirects form-data
  mime-types mime-db asynckit combined-stream delayed-stream proxy-from-env ws zod date-fns
  moment dayjs rxjs @angular/core @vue/shared vue pinia redux @reduxjs/toolkit immer
  styled-components @emotion/react next body-parser cookie qs statuses http-errors
  depd iconv-lite raw-body bytes content-type on-finished ee-first`.trim().split(/\s+/),
  PyPI: `requests urllib3 certifi idna charset-normalizer six python-dateutil pyyaml numpy pandas
  setuptools wheel pip packaging attrs click jinja2 markupsafe werkzeug flask django sqlalchemy
  pydantic pydantic-core typing-extensions annotated-types boto3 botocore s3transfer jmespath
  cryptography cffi pycparser pytest pluggy iniconfig tomli colorama rich pygments
  fastapi starlette uvicorn h11 anyio sniffio httpx httpcore protobuf grpcio googleapis-common-protos
  black mypy mypy-extensions pathspec platformdirs filelock virtualenv distlib`.trim().split(/\s+/),
  Go: `github.com/stretchr/testify github.com/davecgh/go-spew github.com/pmezard/go-difflib
  gopkg.in/yaml.v3 github.com/google/uuid golang.org/x/sys golang.org/x/net golang.org/x/text
  golang.org/x/crypto golang.org/x/sync github.com/spf13/cobra github.com/spf13/pflag
  github.com/sirupsen/logrus go.uber.org/zap go.uber.org/multierr github.com/pkg/errors
  github.com/gorilla/mux github.com/gin-gonic/gin google.golang.org/grpc google.golang.org/protobuf
  github.com/golang/protobuf github.com/prometheus/client_golang github.com/cespare/xxhash/v2
  github.com/beorn7/perks github.com/json-iterator/go github.com/modern-go/reflect2`.trim().split(/\s+/),
  'crates.io': `serde serde_json serde_derive syn quote proc-macro2 unicode-ident tokio futures
  libc rand rand_core log anyhow thiserror clap regex memchr aho-corasick once_cell bitflags
  cfg-if itoa ryu bytes hyper http tracing tracing-core pin-project-lite smallvec hashbrown
  indexmap either lazy_static num-traits autocfg parking_lot lock_api scopeguard`.trim().split(/\s+/),
  Maven: `org.slf4j:slf4j-api com.google.guava:guava com.fasterxml.jackson.core:jackson-databind
  com.fasterxml.jackson.core:jackson-core com.fasterxml.jackson.core:jackson-annotations
  org.apache.commons:commons-lang3 commons-io:commons-io junit:junit org.junit.jupiter:junit-jupiter-api
  org.mockito:mockito-core org.springframework:spring-core org.springframework:spring-context
  org.springframework:spring-web ch.qos.logback:logback-classic org.apache.httpcomponents:httpclient
  com.google.code.gson:gson org.projectlombok:lombok org.yaml:snakeyaml io.netty:netty-all`.trim().split(/\s+/),
  RubyGems: `rails actionpack activesupport activerecord rack rake nokogiri json bundler puma
  thor i18n concurrent-ruby tzinfo minitest rspec rspec-core rspec-expectations rspec-mocks
  diff-lcs method_source builder erubi loofah mini_portile2 racc zeitwerk`.trim().split(/\s+/),
  Packagist: `symfony/console symfony/http-foundation symfony/http-kernel symfony/polyfill-mbstring
  symfony/polyfill-ctype symfony/string symfony/deprecation-contracts psr/log psr/container
  psr/http-message guzzlehttp/guzzle guzzlehttp/psr7 guzzlehttp/promises monolog/monolog
  laravel/framework doctrine/inflector doctrine/lexer nesbot/carbon phpunit/phpunit
  sebastian/diff vlucas/phpdotenv ramsey/uuid league/flysystem nikic/php-parser`.trim().split(/\s+/),
};

const GO_HOSTS = ['github.com', 'github.com', 'github.com', 'gitlab.com', 'go.example.org'];
const MAVEN_GROUPS = ['org.apache', 'com.example', 'io.acme', 'org.eclipse', 'com.fasterxml', 'io.micrometer', 'org.hibernate', 'io.projectreactor'];
const PHP_VENDORS = ['symfony', 'laravel', 'league', 'doctrine', 'acme', 'spatie', 'illuminate', 'phpstan', 'sebastian', 'composer'];

/** Makes a made-up name for `eco` from the PRNG. */
function madeUp(eco, r) {
  const w = () => r.pick(WORDS);
  switch (eco) {
    case 'npm': {
      const base = r.chance(0.5) ? `${w()}-${w()}` : r.chance(0.5) ? `${w()}-${w()}-${w()}` : `${w()}${r.pick(['js', 'ify', 'er', 'x', '2', ''])}`;
      return r.chance(0.25) ? `@${r.pick(SCOPES)}/${base}` : base;
    }
    case 'PyPI':
      return r.chance(0.6) ? `${w()}-${w()}` : `py${w()}${r.pick(['', '-tools', '-lib', '3'])}`;
    case 'Go': {
      const host = r.pick(GO_HOSTS);
      const path = host === 'go.example.org' ? `${host}/${w()}` : `${host}/${w()}${r.pick(['', 'hq', 'io', '-dev'])}/${w()}-${w()}`;
      return path;
    }
    case 'crates.io':
      return r.chance(0.6) ? `${w()}_${w()}` : `${w()}-${w()}${r.pick(['', '-rs', '-core', '-derive'])}`;
    case 'Maven':
      return `${r.pick(MAVEN_GROUPS)}.${w()}:${w()}-${w()}`;
    case 'RubyGems':
      return r.chance(0.5) ? `${w()}-${w()}` : `${w()}_${w()}`;
    case 'Packagist':
      return `${r.pick(PHP_VENDORS)}/${w()}-${w()}`;
    default:
      throw new Error(`no pool for ${eco}`);
  }
}

/** Pool sizes: large enough that a 5,000-package npm lockfile has distinct names. */
const SIZES = { npm: 16000, PyPI: 3000, Go: 2500, 'crates.io': 2500, Maven: 2500, RubyGems: 1500, Packagist: 1500 };

/** Versions a name has, oldest first (1-6 of them), derived from the name so they are stable. */
function versionsOf(eco, name) {
  const r = createRandom(hash32(`${eco}:${name}`));
  const n = r.int(1, 6);
  let major = r.weighted([[3, 0], [5, 1], [2, r.int(2, 9)], [1, r.int(10, 30)]]);
  if (eco === 'Go') {
    // v2+ needs a /vN module path (gopkg.in spells it .vN): https://go.dev/ref/mod#major-version-suffixes
    const m = /[/.]v(\d+)$/.exec(name);
    major = m ? Number(m[1]) : Math.min(major, 1);
  }
  let minor = r.int(0, 20);
  let patch = r.int(0, 12);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`${major}.${minor}.${patch}`);
    const step = r.weighted([[6, 'patch'], [3, 'minor'], [1, 'major']]);
    if (step === 'patch') patch += r.int(1, 3);
    else if (step === 'minor' || eco === 'Go') { minor += 1; patch = 0; } else { major += 1; minor = 0; patch = 0; }
  }
  return out;
}

/** A pool for one ecosystem: names by popularity rank and a weighted sampler. */
export class Pool {
  constructor(eco, seed) {
    this.eco = eco;
    const r = createRandom(seed ^ hash32(eco));
    const names = [];
    const seen = new Set();
    const add = (n) => {
      if (!seen.has(n)) { seen.add(n); names.push(n); }
    };
    for (const n of REAL[eco]) add(n);
    let guard = 0;
    while (names.length < SIZES[eco] && guard++ < SIZES[eco] * 50) {
      let n = madeUp(eco, r);
      if (eco === 'Go' && r.chance(0.05)) n = `${n}/v${r.int(2, 5)}`;
      add(n);
    }
    this.names = names;
    // Zipf-like popularity: weight 1/(rank+8)^1.05, as cumulative sums for binary search.
    this.cum = new Float64Array(names.length);
    let total = 0;
    for (let i = 0; i < names.length; i++) {
      total += 1 / Math.pow(i + 8, 1.05);
      this.cum[i] = total;
    }
    this.total = total;
    this.versionCache = new Map();
  }

  /** Index of a name drawn by popularity. */
  draw(r) {
    const x = r.next() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` distinct names drawn by popularity. */
  sample(r, count) {
    const chosen = new Set();
    let misses = 0;
    while (chosen.size < count && chosen.size < this.names.length) {
      const i = this.draw(r);
      if (chosen.has(i)) {
        if (++misses > 40) {
          // The popular names are taken: fall back to the first unused name after a random point.
          let j = r.int(0, this.names.length - 1);
          while (chosen.has(j)) j = (j + 1) % this.names.length;
          chosen.add(j);
          misses = 0;
        }
        continue;
      }
      chosen.add(i);
    }
    return [...chosen].map((i) => this.names[i]);
  }

  versions(name) {
    let v = this.versionCache.get(name);
    if (!v) this.versionCache.set(name, (v = versionsOf(this.eco, name)));
    return v;
  }

  /** A version of `name`, usually one of the newest. */
  version(r, name) {
    const vs = this.versions(name);
    const back = r.weighted([[6, 0], [3, 1], [2, 2], [1, 3], [1, 5]]);
    return vs[Math.max(0, vs.length - 1 - back)];
  }

  /** A version of `name` different from `not`, or null when it has only one. */
  otherVersion(r, name, not) {
    const vs = this.versions(name).filter((v) => v !== not);
    return vs.length ? r.pick(vs) : null;
  }
}
