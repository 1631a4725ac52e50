// The order service as a process: `node --import tsx examples/06-capstone/services/order/main.ts`.
// Settings come from the environment: ORDER_DB (a SQLite file, or a mysql:// URL), ORDER_PORT, INVENTORY_URL, INVENTORY_TIMEOUT_MS,
// ORDER_TIMEOUT_SECONDS, CAPSTONE_SHOP, CAPSTONE_FAULTS, ROCKETMQ_ENDPOINTS.
import { runOrderService } from './server.ts';

await runOrderService();
