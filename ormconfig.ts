import 'reflect-metadata';
import { loadConfig } from './src/config/app-config';
import { createDataSource } from './src/database/data-source-options';

/** The TypeORM CLI's data source (`npm run typeorm -- migration:show`), configured like the service. */
export default createDataSource(loadConfig());
