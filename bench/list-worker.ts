// A second connection that keeps querying the pending list while decisions are measured.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { Db } from '../electron/db/sql.js';
import { listOrders } from '../electron/orders/query.js';

const { file, now } = workerData as { file: string; now: number };
const db = new Db(new Database(file, { readonly: true }));
db.raw.pragma('busy_timeout = 5000');
let stop = false;
let queries = 0;
parentPort!.on('message', (m) => {
  if (m === 'stop') stop = true;
});
const loop = () => {
  for (let i = 0; i < 5; i++) {
    listOrders(
      db,
      { view: 'pending', includeOlder: false, limit: 100, platform: 'taobao' },
      { now, privacyNumberDays: 15, windowMonths: 6 },
    );
    queries++;
  }
  if (stop) {
    parentPort!.postMessage({ queries });
    db.close();
  } else setImmediate(loop);
};
loop();
