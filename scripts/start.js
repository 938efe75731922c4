// `npm start`: runs the built service, building first only when dist/ is missing.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'dist', 'src', 'main.js'))) {
  process.stderr.write('dist/ is missing; building ...\n');
  execSync('npx nest build', { cwd: root, stdio: ['ignore', 2, 2] });
}
require(join(root, 'dist', 'src', 'main.js'));
