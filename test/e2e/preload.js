'use strict';
/**
 * Loaded into every n8n process of the end-to-end tests with NODE_OPTIONS=--require <this file>.
 * The product has no switch that sends tokens elsewhere, so the redirection lives here, at the
 * process level:
 * - TLS connections to api.notion.com go to 127.0.0.1:$NOTION_EMULATOR_PORT, still with SNI and
 *   certificate checks for api.notion.com (the emulator serves a cert from the test CA, which n8n
 *   trusts through NODE_EXTRA_CA_CERTS). Every client n8n uses (axios, request, undici) ends in
 *   tls.connect, which https.js and undici look up on the module object at call time.
 * - dns.lookup of api.notion.com answers 127.0.0.1, for any client that resolves before connecting.
 * - Any other connection that is not to loopback or a unix socket is refused at once, so a test run
 *   never reaches, or waits on, a public address (telemetry, registry checks, license server...).
 *   NOTION_E2E_ALLOW_EXTERNAL=1 turns this guard off.
 */
const dns = require('dns');
const net = require('net');
const tls = require('tls');

const NOTION_HOST = 'api.notion.com';
const emulatorPort = Number(process.env.NOTION_EMULATOR_PORT) || 0;
const allowExternal = process.env.NOTION_E2E_ALLOW_EXTERNAL === '1';

function isNotion(host) {
	return typeof host === 'string' && host.toLowerCase().replace(/\.$/, '') === NOTION_HOST;
}

function isLoopback(host) {
	if (host === undefined || host === null || host === '') return true; // net defaults to localhost
	const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
	return h === 'localhost' || h === '::1' || /^127\./.test(h) || /^::ffff:127\./.test(h);
}

/** tls.connect(options[, cb]) | (port[, host][, options][, cb]) | (path[, options][, cb]) */
function normalize(args) {
	const rest = [...args];
	const cb = typeof rest[rest.length - 1] === 'function' ? rest.pop() : undefined;
	if (rest[0] !== null && typeof rest[0] === 'object') return { options: { ...rest[0] }, cb };
	const options = {};
	if (typeof rest[0] === 'number' || /^\d+$/.test(String(rest[0]))) {
		options.port = Number(rest.shift());
		if (typeof rest[0] === 'string') options.host = rest.shift();
	} else if (typeof rest[0] === 'string') {
		options.path = rest.shift();
	}
	if (rest[0] !== null && typeof rest[0] === 'object') Object.assign(options, rest[0], { port: options.port, host: options.host, path: options.path });
	for (const key of ['port', 'host', 'path']) if (options[key] === undefined) delete options[key];
	return { options, cb };
}

const originalTlsConnect = tls.connect;
tls.connect = function connectNotionToEmulator(...args) {
	const { options, cb } = normalize(args);
	if (options.socket || !isNotion(options.host)) return originalTlsConnect.apply(this, args);
	const redirected = {
		...options,
		host: '127.0.0.1',
		port: emulatorPort || 9, // without an emulator port, fail on loopback (port 9 is closed) rather than go out
		servername: options.servername || NOTION_HOST,
	};
	delete redirected.lookup; // an SSRF-checking lookup must not see (or veto) the loopback address
	return cb ? originalTlsConnect.call(this, redirected, cb) : originalTlsConnect.call(this, redirected);
};

function notionAddress(options) {
	const all = typeof options === 'object' && options !== null && options.all;
	return all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 };
}

const originalLookup = dns.lookup;
dns.lookup = function lookupNotionAsLoopback(hostname, options, callback) {
	if (!isNotion(hostname)) return originalLookup.apply(this, arguments);
	const cb = typeof options === 'function' ? options : callback;
	const answer = notionAddress(options);
	process.nextTick(() => (Array.isArray(answer) ? cb(null, answer) : cb(null, answer.address, answer.family)));
	return {};
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function lookupNotionAsLoopback(hostname, options) {
	if (!isNotion(hostname)) return originalPromisesLookup.apply(this, arguments);
	return notionAddress(options);
};

if (!allowExternal) {
	const originalSocketConnect = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function connectLoopbackOnly(...args) {
		// net.connect passes its already normalized [options, cb] array as the only argument.
		const { options } = Array.isArray(args[0]) ? { options: args[0][0] || {} } : normalize(args);
		if (options.path || isLoopback(options.host)) return originalSocketConnect.apply(this, args);
		const target = `${options.host}:${options.port}`;
		process.stderr.write(`[notion-e2e-preload] blocked outbound connection to ${target}\n`);
		const error = Object.assign(new Error(`connect ECONNREFUSED ${target} (blocked by the e2e preload: loopback only)`), {
			code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: options.host, port: options.port,
		});
		process.nextTick(() => this.destroy(error));
		return this;
	};
}
