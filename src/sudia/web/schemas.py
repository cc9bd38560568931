"""Request and response models of the JSON and OpenAI-compatible APIs (they also write the OpenAPI spec)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# -- /api: requests ----------------------------------------------------------------------------


class CollectionIn(BaseModel):
    name: str = Field(description="Nom : lettres, chiffres, tirets et soulignés, 1 à 64 caractères",
                      examples=["aides-region"])
    description: str = Field(default="", max_length=500)
    visibility: Literal["private", "authenticated", "restricted", "public"] = Field(
        default="private", description="Qui la consulte : administrateurs seulement (private, par défaut : une"
                                       " collection se remplit fermée), agents connectés (authenticated), groupes"
                                       " (restricted) ou public")
    groups: list[str] = Field(default_factory=list, description="Groupes qui consultent une collection « restricted »")


class SearchIn(BaseModel):
    query: str = Field(description="Texte recherché", examples=["tarif de l'abonnement TER étudiant"])
    collections: list[str] = Field(default_factory=list,
                                   description="Collections interrogées ; vide = collection par défaut")
    k: int = Field(default=5, ge=1, le=50, description="Nombre de passages renvoyés")


class AskIn(BaseModel):
    question: str = Field(examples=["Combien coûte l'abonnement Zou Études ?"])
    collections: list[str] = Field(default_factory=list,
                                   description="Collections interrogées ; vide = collection par défaut")


# -- /api: responses ---------------------------------------------------------------------------


class CollectionOut(BaseModel):
    name: str
    description: str
    visibility: str
    documents: int
    chunks: int


class CollectionCreatedOut(CollectionOut):
    warnings: list[str] = Field(default_factory=list, description="Avertissements, par exemple un groupe sans"
                                                                  " membre : personne ne lirait la collection")


class _DocumentFields(BaseModel):
    id: str
    collection: str
    source: str
    title: str
    sha256: str
    media_type: str
    size: int
    pages: int | None = None
    ingested_at: str


class DocumentOut(_DocumentFields):
    chunks: int = Field(description="Nombre de passages")


class ChunkOut(BaseModel):
    id: str
    position: int
    page: int | None = None
    section: str
    text: str


class DocumentDetailOut(_DocumentFields):
    chunks: list[ChunkOut] = Field(description="Passages du document, dans l'ordre")


class JobOut(BaseModel):
    id: str
    collection: str
    filename: str
    status: Literal["pending", "running", "done", "skipped", "error"]
    message: str
    document_id: str = ""
    updated_at: str = ""


class JobsOut(BaseModel):
    jobs: list[JobOut]


class HitOut(BaseModel):
    chunk_id: str
    document_id: str
    document: str
    source: str
    collection: str
    page: int | None = None
    section: str
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    text: str


class SearchOut(BaseModel):
    hits: list[HitOut]


class CitationOut(BaseModel):
    number: int
    document_id: str
    document: str
    source: str
    collection: str
    chunk_id: str
    page: int | None = None
    section: str
    quote: str


class UsageOut(BaseModel):
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    cpu_seconds: float
    energy_wh: float
    carbon_gco2e: float
    energy_method: str
    tokens_estimated: bool = False


class AnswerOut(BaseModel):
    question: str
    answer: str
    mode: Literal["extractive", "generative", "abstention"]
    citations: list[CitationOut]
    collections: list[str]
    notice: str
    model: str
    usage: UsageOut
    warnings: list[str] = Field(default_factory=list, description="Passages suspects neutralisés, réponse générée écartée")
    closest: list[HitOut] = Field(default_factory=list, description="Abstention : les trois passages les plus proches")
    suggested_collections: list[str] = Field(
        default_factory=list, description="Abstention : autres collections consultables qui semblent répondre")


class LlmStatus(BaseModel):
    configured: bool
    model: str


class StatusOut(BaseModel):
    version: str
    embedder: str
    llm: LlmStatus
    demo: dict[str, Any]


class UsageRow(UsageOut):
    at: str
    kind: str
    collections: list[str]
    mode: str


class UsageTotals(BaseModel):
    requests: int
    energy_wh: float
    carbon_gco2e: float
    prompt_tokens: int
    completion_tokens: int


class UsageReport(BaseModel):
    requests: list[UsageRow]
    totals: UsageTotals


# -- /v1: OpenAI-compatible requests -----------------------------------------------------------


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """Content as plain text: OpenAI clients may send a list of typed parts."""
        if isinstance(self.content, list):
            return "\n".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class ChatCompletionIn(BaseModel):
    model_config = ConfigDict(extra="allow")  # unknown OpenAI options are accepted and ignored

    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    collections: list[str] | None = Field(
        default=None, description="Extension Sud IA (comme l'API Albert) : collections où chercher la réponse")


class CompletionIn(BaseModel):
    model_config = ConfigDict(extra="allow")  # unknown OpenAI options are accepted and ignored

    model: str
    prompt: str | list[str] = Field(description="Texte (ou liste de textes, joints) traité comme une question")
    stream: bool = False
    max_tokens: int | None = Field(default=None, ge=1)
    stream_options: dict[str, Any] | None = None
    collections: list[str] | None = Field(
        default=None, description="Extension Sud IA (comme l'API Albert) : collections où chercher la réponse")


class EmbeddingsIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str
    input: str | list[str]
    encoding_format: Literal["float", "base64"] = "float"
    input_type: Literal["query", "passage"] = Field(
        default="passage", description="Extension Sud IA : « query » pour une question, « passage » pour un texte")


def describe_validation(errors: list[dict[str, Any]]) -> str:
    """FastAPI's validation errors in one line: `body.question : Field required`."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where} : {error.get('msg', '')}" if where else str(error.get("msg", "")))
    return " ; ".join(parts)
