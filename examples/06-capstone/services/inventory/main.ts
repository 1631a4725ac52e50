// The inventory service as a process: `node --import tsx examples/06-capstone/services/inventory/main.ts`.
// Settings come from the environment: INVENTORY_DB, INVENTORY_PORT, CAPSTONE_SHOP, ROCKETMQ_ENDPOINTS.
import { runInventoryService } from './server.ts';

await runInventoryService();
