// The inventory service as a process: `node --import tsx examples/06-capstone/services/inventory/main.ts`.
// Settings come from the environment: INVENTORY_DB (a SQLite file, or a mysql:// URL), INVENTORY_PORT, CAPSTONE_SHOP, ROCKETMQ_ENDPOINTS.
import { runInventoryService } from './server.ts';

await runInventoryService();
