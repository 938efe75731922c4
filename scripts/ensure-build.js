// Builds dist/ when it is missing or older than the sources, so `npm start`,
// `npm test` and `npm run cli` work on a fresh clone.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'src', 'main.js');

function newestSourceTime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isBuildCurrent() {
  if (!existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  return ['src', 'migrations', 'bench'].every(
    (folder) => !existsSync(join(root, folder)) || newestSourceTime(join(root, folder)) <= built,
  );
}

if (!isBuildCurrent()) {
  process.stderr.write('Building dist/ ...\n');
  execSync('npx nest build', { cwd: root, stdio: ['ignore', 2, 2] });
}
