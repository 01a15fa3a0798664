/** dev/launch: a dev server in a child process that announces `READY <json>` (the playground's tests). */
export { announceReady, startChildServer } from './child-server.js';
