// drizzle-kit configuration: `npx drizzle-kit generate` writes SQL migrations for src/store/schema.ts
// into drizzle/. The same migrations run on PGlite and PostgreSQL (src/store/engine.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
