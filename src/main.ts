// Entry point of `npm start`: load config -> open stores -> build app -> listen.
import { runServer } from './server.js';

await runServer();
