// Preloaded with `node --import` in the privacy test: any attempt to reach the network is recorded
// (in the file named by CUDAFIX_NET_LOG) and fails.
import net from "node:net";
import dns from "node:dns";
import { appendFileSync } from "node:fs";

const log = (what) => appendFileSync(process.env.CUDAFIX_NET_LOG ?? "/dev/stderr", `${what}\n`);
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const target = args[0];
  // Local IPC (a child's pipes) is not the network.
  if (typeof target === "object" && target && "path" in target) return origConnect.apply(this, args);
  log(`net.connect ${JSON.stringify(target)}`);
  throw new Error("network disabled by test");
};
for (const name of ["lookup", "resolve", "resolve4", "resolve6"]) {
  dns[name] = (...args) => {
    log(`dns.${name} ${args[0]}`);
    throw new Error("network disabled by test");
  };
}
globalThis.fetch = async (url) => {
  log(`fetch ${url}`);
  throw new Error("network disabled by test");
};
