// llama.cpp as a test oracle: reads one JSON request per line on stdin, answers one JSON line on stdout.
//
// Request:  {"model": "/path/x.gguf", "tokens": [1, 2, 3], "out": "/path/x.f32",
//            "kvType": "F32" (default; or "F16", "Q8_0", ...), "kvValueType": V cache type if not kvType,
//            "flashAttention": false (default)}
// Effect:   writes llama.cpp's logits for every position as raw little-endian float32 [n_tokens][n_vocab].
// Answer:   {"ok": true, "nVocab": 512, "nTokens": 3} or {"ok": false, "error": "..."}
//
// All tokens go through one batch, like the golden `nemotron-logits` tool, so with an F32 KV cache and flash
// attention off the output reproduces the golden `llamacpp-kvf32-nofa` logits.
import {writeFileSync} from "node:fs";
import {createInterface} from "node:readline";
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

const llama = await getLlama({gpu: false, build: "never", logLevel: process.env.NEMOTRON_ORACLE_LOG ?? LlamaLogLevel.error, progressLogs: false});

async function evaluate(request) {
    const model = await llama.loadModel({modelPath: request.model, gpuLayers: 0});
    try {
        const tokens = request.tokens;
        const context = await model.createContext({
            contextSize: Math.max(tokens.length + 8, 64),
            batchSize: Math.max(tokens.length, 1),
            sequences: 1,
            threads: request.threads ?? 2,
            flashAttention: request.flashAttention ?? false,
            experimentalKvCacheKeyType: request.kvType ?? "F32",
            experimentalKvCacheValueType: request.kvValueType ?? request.kvType ?? "F32",
        });
        try {
            const sequence = context.getSequence();
            const results = await sequence.controlledEvaluate(
                tokens.map(token => [token, {generateNext: {logits: true}}]));
            const vocab = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
            const out = new Float32Array(tokens.length * vocab);
            results.forEach((result, position) => {
                for (const [token, logit] of result.next.logits) {
                    out[position * vocab + token] = logit;
                }
            });
            writeFileSync(request.out, Buffer.from(out.buffer));
            return {ok: true, nVocab: vocab, nTokens: tokens.length};
        } finally {
            await context.dispose();
        }
    } finally {
        await model.dispose();
    }
}

const lines = createInterface({input: process.stdin, crlfDelay: Infinity});
for await (const line of lines) {
    if (line.trim() === "") {
        continue;
    }
    let answer;
    try {
        answer = await evaluate(JSON.parse(line));
    } catch (error) {
        answer = {ok: false, error: String(error?.message ?? error)};
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
}
await llama.dispose();
