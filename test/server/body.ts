// Request parsing: query strings and bodies (form-encoded, JSON, multipart) all end up in
// the same nested shape, so handlers never care which encoding the client chose.

export type Flat = Record<string, string | string[]>;
export type Nested = Record<string, unknown>;

/** Flat view of a query string: repeated keys become arrays. */
export function parseQuery(search: URLSearchParams): Flat {
	const out: Flat = {};
	for (const [k, v] of search) addFlat(out, k, v);
	return out;
}

function addFlat(out: Flat, k: string, v: string): void {
	const prev = out[k];
	if (prev === undefined) out[k] = v;
	else if (Array.isArray(prev)) prev.push(v);
	else out[k] = [prev, v];
}

/**
 * Builds a nested object from bracket keys, PHP style:
 * `a[b]=1` → {a:{b:'1'}}, `a[]=1&a[]=2` → {a:['1','2']}, `a[0][x]=1` → {a:[{x:'1'}]},
 * `a[][x]=1&a[][y]=2` → one object per repeat of a key, repeated plain keys → arrays.
 */
export function nest(pairs: Iterable<[string, unknown]>): Nested {
	const root: Nested = {};
	for (const [key, value] of pairs) {
		const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
		if (!m) {
			setPlain(root, key, value);
			continue;
		}
		const segs = [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])];
		if (segs.length === 1) {
			setPlain(root, segs[0], value);
			continue;
		}
		let node: Nested | unknown[] = root;
		for (let i = 0; i < segs.length; i++) {
			const seg = segs[i];
			const last = i === segs.length - 1;
			const nextIsIndex = !last && (segs[i + 1] === '' || /^\d+$/.test(segs[i + 1]));
			if (Array.isArray(node)) {
				if (last) {
					if (seg === '') node.push(value);
					else node[Number(seg)] = value;
					break;
				}
				let idx: number;
				if (seg === '') {
					// `a[][x]`: start a new element when the last one already has this key
					const tail = node[node.length - 1] as Nested | undefined;
					const nextKey = segs[i + 1];
					idx = tail && typeof tail === 'object' && !(nextKey in tail) ? node.length - 1 : node.length;
				} else idx = Number(seg);
				if (node[idx] === undefined || typeof node[idx] !== 'object') node[idx] = nextIsIndex ? [] : {};
				node = node[idx] as Nested | unknown[];
			} else {
				if (last) {
					node[seg] = value;
					break;
				}
				const cur = node[seg];
				if (cur === undefined || typeof cur !== 'object' || cur === null) node[seg] = nextIsIndex ? [] : {};
				node = node[seg] as Nested | unknown[];
			}
		}
	}
	return root;
}

function setPlain(obj: Nested, k: string, v: unknown): void {
	const prev = obj[k];
	if (prev === undefined) obj[k] = v;
	else if (Array.isArray(prev)) prev.push(v);
	else obj[k] = [prev, v];
}

export class BodyError extends Error {}

/** Parses a request body by its content type; an empty body is {}. */
export function parseBody(raw: Buffer, contentType: string): Nested {
	if (raw.length === 0) return {};
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type.endsWith('+json')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch {
			throw new BodyError('Invalid JSON body.');
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new BodyError('The JSON body must be an object.');
		}
		return parsed as Nested;
	}
	if (type === 'multipart/form-data') {
		const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
		if (!boundary) throw new BodyError('Multipart body without a boundary.');
		return nest(parseMultipart(raw, boundary[1] ?? boundary[2].trim()));
	}
	// form-encoded, and the fallback for bodies sent without a content type
	return nest(new URLSearchParams(raw.toString('utf8')));
}

/** Minimal multipart/form-data parser: name → value pairs (file parts as their text). */
export function parseMultipart(raw: Buffer, boundary: string): [string, string][] {
	const out: [string, string][] = [];
	const delim = Buffer.from(`--${boundary}`);
	let pos = raw.indexOf(delim);
	while (pos !== -1) {
		let start = pos + delim.length;
		if (raw[start] === 0x2d && raw[start + 1] === 0x2d) break; // closing `--boundary--`
		if (raw[start] === 0x0d && raw[start + 1] === 0x0a) start += 2;
		const next = raw.indexOf(delim, start);
		if (next === -1) break;
		let end = next;
		if (raw[end - 2] === 0x0d && raw[end - 1] === 0x0a) end -= 2;
		const part = raw.subarray(start, end);
		const headEnd = part.indexOf('\r\n\r\n');
		if (headEnd !== -1) {
			const head = part.subarray(0, headEnd).toString('utf8');
			const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head);
			if (name) out.push([name[1], part.subarray(headEnd + 4).toString('utf8')]);
		}
		pos = next;
	}
	return out;
}
