"""A small prediction service: loads the model once at start-up and answers POST /predict."""

from pathlib import Path

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel

MODEL_PATH = Path(__file__).resolve().parent.parent / "model" / "model.joblib"

app = FastAPI()
model = joblib.load(MODEL_PATH)


class Features(BaseModel):
    rows: list[dict[str, float]]


@app.post("/predict")
def predict(features: Features) -> dict[str, list[float]]:
    frame = pd.DataFrame(features.rows)
    return {"predictions": [float(value) for value in model.predict(frame)]}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
