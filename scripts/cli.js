// `npm run cli -- ...`: runs the compiled CLI, building dist/ first when it is missing or stale.
const { join } = require('node:path');

require('./ensure-build.js');
require(join(__dirname, '..', 'dist', 'src', 'cli', 'main.js'));
