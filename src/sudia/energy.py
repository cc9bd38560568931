"""Energy and carbon of each AI request, after EcoLogits' method (genai-impact/ecologits).

Generated tokens: EcoLogits' regressions of GPU energy and latency against the model's active
parameters (batch of 64, 80 GB GPUs in 8-GPU servers of 1.2 kW), times the data centre's PUE.
Local work (embeddings, search, extractive answers): CPU seconds times the power of a busy core.
Carbon: energy times the electricity mix (France, EcoLogits' FRA mix: 41.44 gCO2e/kWh by default).
Figures are estimates with a known method, not measurements: the UI says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# EcoLogits 0.11 coefficients (ecologits/impacts/llm.py); energies in Wh per token once divided.
GPU_ENERGY_ALPHA = 1.1665273170451914e-06
GPU_ENERGY_BETA = -0.011205921025579175
GPU_ENERGY_GAMMA = 4.052928146734005e-05
LATENCY_ALPHA = 0.0006785088094353663
LATENCY_BETA = 0.0003119310311688259
LATENCY_GAMMA = 0.019473717579473387
BATCH_SIZE = 64
GPU_MEMORY_GB = 80
SERVER_GPUS = 8
SERVER_POWER_KW = 1.2
QUANTIZATION_BITS = 16
DEFAULT_PARAMS_B = 8.0  # when the model's size cannot be read from its name


@dataclass(frozen=True)
class EnergyModel:
    carbon_g_per_kwh: float = 41.44
    pue: float = 1.2
    cpu_watts: float = 15.0

    def cpu_wh(self, cpu_seconds: float) -> float:
        return self.pue * cpu_seconds * self.cpu_watts / 3600.0

    def generation_wh(self, output_tokens: int, active_params_b: float, total_params_b: float | None = None,
                      latency_s: float | None = None) -> float:
        if output_tokens <= 0:
            return 0.0
        total = total_params_b or active_params_b
        per_token_wh = (GPU_ENERGY_ALPHA * math.exp(GPU_ENERGY_BETA * BATCH_SIZE) * active_params_b
                        + GPU_ENERGY_GAMMA)
        gpu_wh = output_tokens * per_token_wh
        per_token_s = LATENCY_ALPHA * active_params_b + LATENCY_BETA * BATCH_SIZE + LATENCY_GAMMA
        gpu_latency_s = output_tokens * per_token_s
        if latency_s is not None:
            gpu_latency_s = min(gpu_latency_s, latency_s)
        memory_gb = 1.2 * total * QUANTIZATION_BITS / 8
        gpus = 2 ** math.ceil(math.log2(max(1, math.ceil(memory_gb / GPU_MEMORY_GB))))
        server_wh = (gpu_latency_s / 3600) * SERVER_POWER_KW * 1000 * (gpus / SERVER_GPUS) / BATCH_SIZE
        return self.pue * (server_wh + gpus * gpu_wh)

    def carbon_g(self, wh: float) -> float:
        return wh / 1000.0 * self.carbon_g_per_kwh


_SIZE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*b(?![a-z])", re.IGNORECASE)
_ACTIVE = re.compile(r"a(\d+(?:\.\d+)?)b", re.IGNORECASE)
_MOE = re.compile(r"(\d+)x(\d+(?:\.\d+)?)b", re.IGNORECASE)


def parameters_from_name(model: str) -> tuple[float, float]:
    """(active, total) parameters in billions read from a model name: 'Qwen3-30B-A3B' -> (3, 30)."""
    name = model.rsplit("/", 1)[-1]
    moe = _MOE.search(name)
    if moe:  # Mixtral-8x7B: ~2 experts active out of 8, shared layers ignored
        experts, size = int(moe.group(1)), float(moe.group(2))
        return 2 * size, experts * size
    sizes = [float(s) for s in _SIZE.findall(name)]
    active = _ACTIVE.search(name)
    total = max(sizes) if sizes else DEFAULT_PARAMS_B
    return (float(active.group(1)) if active else total), total
