// llama.cpp's speed on a GGUF file, measured as llama-bench measures it, through node-llama-cpp.
//
// Usage: node bench/llama-bench.mjs MODEL [--threads 2] [--prompt-tokens 64] [--gen-tokens 32]
//        [--repetitions 5] [--json]
// pp<N>: one batch of N random tokens into an empty context, the last token's logits computed (llama-bench's
//        test_prompt); tg<N>: N tokens decoded one at a time from an empty context, logits each time
//        (test_gen). One untimed warm-up run of each precedes the timed repetitions. Prints one llama-bench-style
//        line per test, or one JSON object with the mean and sample standard deviation of tokens/s per test,
//        the thread count and the ggml CPU variant that was loaded.
// node-llama-cpp is installed under bench/llama/ (bench/compare.sh runs the npm install), apart from the tests'
// oracle, which keeps only the AVX2 build.
const {getLlama, LlamaLogLevel} = await import(
    new URL("./llama/node_modules/node-llama-cpp/dist/index.js", import.meta.url).href);

const args = process.argv.slice(2);
const model = args.find(a => !a.startsWith("--") && !args[args.indexOf(a) - 1]?.startsWith("--"));
const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
};
const threads = option("--threads", 2);
const promptTokens = option("--prompt-tokens", 64);
const genTokens = option("--gen-tokens", 32);
const repetitions = option("--repetitions", 5);
const json = args.includes("--json");

let cpuVariant = "unknown";
const llama = await getLlama({
    gpu: false, build: "never", progressLogs: false, logLevel: LlamaLogLevel.debug,
    logger: (level, message) => {
        const match = /libggml-cpu-([a-z0-9_]+)\.so/.exec(message);
        if (match) {
            cpuVariant = match[1];
        }
    }
});
const loaded = await llama.loadModel({modelPath: model, gpuLayers: 0});
const context = await loaded.createContext({
    contextSize: 1024, batchSize: 512, sequences: 1, threads, flashAttention: false,
});
const sequence = context.getSequence();
const vocab = loaded.fileInfo.metadata.tokenizer.ggml.tokens.length;
let seed = 42;
const randomToken = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return 300 + seed % (vocab - 300);
};

async function prompt(n) {
    await sequence.clearHistory();
    const tokens = Array.from({length: n}, randomToken);
    const start = process.hrtime.bigint();
    await sequence.controlledEvaluate(tokens.map((t, i) => i === n - 1 ? [t, {generateNext: {token: true}}] : t));
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function generate(n) {
    await sequence.clearHistory();
    let token = 1;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
        const [result] = await sequence.controlledEvaluate([[token, {generateNext: {token: true}}]]);
        token = result?.next?.token ?? randomToken();
    }
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

function stats(samples) {
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.length > 1
        ? samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples.length - 1) : 0;
    return {mean, stddev: Math.sqrt(variance), samples};
}

const results = {};
for (const [name, run, n] of [["pp" + promptTokens, prompt, promptTokens], ["tg" + genTokens, generate, genTokens]]) {
    if (n <= 0) {
        continue;
    }
    await run(n);
    const samples = [];
    for (let r = 0; r < repetitions; r++) {
        samples.push(await run(n));
    }
    results[name] = stats(samples);
}
await context.dispose();
await loaded.dispose();
await llama.dispose();

if (json) {
    console.log(JSON.stringify({engine: "llama.cpp", threads, cpuVariant, tests: results}));
} else {
    for (const [name, s] of Object.entries(results)) {
        console.log(`llama.cpp ${cpuVariant} t=${threads} ${name}: ${s.mean.toFixed(2)} ± ${s.stddev.toFixed(2)} t/s`);
    }
}
