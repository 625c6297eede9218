import { ensureAdmin } from "@/lib/users/ensure-admin";
import { login } from "@/lib/auth/login";
import { actorOfSession } from "@/lib/auth/actor-of-session";
import fs from "node:fs";
const a = await ensureAdmin();
console.log(a);
const pw = fs.readFileSync(a.passwordFile, "utf8").trim();
const h = new Headers({ "x-forwarded-for": "127.0.0.1" });
const r = await login({ username: "admin", password: pw }, h);
console.log(r);
const cookie = r.setCookies.map((c) => c.split(";")[0]).join("; ");
console.log(await actorOfSession(new Headers({ cookie })));
try { await login({ username: "admin", password: "wrong" }, h); } catch (e) { console.log("wrong:", (e as Error).message); }
process.exit(0);
