// The chat request schema under its former name, for POST /api/v1/cache/preview (src/http/routes/admin/
// cache-routes.ts, converted separately). The schema lives in src/http/contract/proxy/proxy-request-bodies.ts;
// delete this file once the admin route imports ChatRequestBody from there.
export { ChatRequestBody as chatRequestSchema } from '../../contract/proxy/proxy-request-bodies.js';
