// What a Node service logs when a service it calls refuses the connection or its name does not resolve: fetch (undici)
// and http.get, each error printed with console.error as an unhandled rejection handler would.
// Run: node Tests/Corpus/services/capture.js > Tests/Corpus/services/node.log 2>&1
const net = require("node:net");
const http = require("node:http");

const probe = net.createServer().listen(0, "127.0.0.1", async () => {
    const port = probe.address().port;
    probe.close();
    console.error(`${new Date().toISOString()} info: syncing inventory from http://127.0.0.1:${port}`);
    try {
        await fetch(`http://127.0.0.1:${port}/v1/inventory`);
    } catch (error) {
        console.error(`${new Date().toISOString()} error: inventory sync failed`, error);
    }
    try {
        await fetch("https://payments.invalid/v1/charges");
    } catch (error) {
        console.error(`${new Date().toISOString()} error: charge failed`, error);
    }
    http.get(`http://127.0.0.1:${port}/v1/rates`).on("error", (error) => {
        console.error(`${new Date().toISOString()} error: rates refresh failed`, error);
    });
});
