'use strict';
// Reads an n8n user folder's SQLite database and prints JSON; run by the Node.js of the n8n
// install (node:sqlite), with n8n's own `flatted` (n8n stores run data as flatted JSON).
//   node db.cjs <database.sqlite> <n8n package folder> executions|staticData|pollCursors [workflowId]
const { DatabaseSync } = require('node:sqlite');

const [database, n8nDir, query, workflowId] = process.argv.slice(2);
const flatted = require(require.resolve('flatted', { paths: [n8nDir] }));
const db = new DatabaseSync(database, { readOnly: true });
db.exec('pragma busy_timeout = 10000');

let result;
if (query === 'executions') {
	const rows = db
		.prepare(
			`select e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, d.data
			 from execution_entity e left join execution_data d on d.executionId = e.id
			 where (?1 = '' or e.workflowId = ?1) and e.deletedAt is null order by e.id`,
		)
		.all(workflowId || '');
	result = rows.map((r) => ({ ...r, id: String(r.id), finished: Boolean(r.finished), data: r.data ? flatted.parse(r.data) : undefined }));
} else if (query === 'staticData') {
	const row = db.prepare('select staticData from workflow_entity where id = ?').get(workflowId);
	result = row && row.staticData ? JSON.parse(row.staticData) : null;
} else if (query === 'pollCursors') {
	// n8n 2.36+ with durable poll cursors; the table does not exist before
	const table = db.prepare("select name from sqlite_master where type = 'table' and name = 'poller_state'").get();
	const rows = table ? db.prepare('select nodeId, cursor from poller_state where workflowId = ?').all(workflowId) : [];
	result = rows.map((r) => ({ nodeId: r.nodeId, cursor: JSON.parse(r.cursor) }));
} else {
	throw new Error(`unknown query ${query}`);
}
process.stdout.write(JSON.stringify(result));
