"""FastAPI itself, for the main table's fastapi-python column: the same endpoints as the
TypeScript apps. Served by servers.ts with uvicorn (uvloop, httptools, no access log, one
worker). Written for Debian's FastAPI 0.92 on pydantic 1 (what apt-get installs)."""
from typing import List, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from pydantic import BaseModel, confloat, constr

app = FastAPI()

USERS = {"rick": {"id": 1, "username": "rick", "email": "rick@example.com"}}
# Same list as test/bench/apps/shared-items.ts: 100 items, each with a field to strip.
STORED_ITEMS = [
    {"id": i, "name": f"item {i}", "price": i + 0.5, "tags": ["tools", "garden"], "secret": "hidden"}
    for i in range(100)
]


class ItemIn(BaseModel):
    name: constr(min_length=1)
    price: confloat(gt=0)
    tags: List[str] = []


class ItemOut(BaseModel):
    name: str
    price: float
    tags: List[str]


class ListedItem(BaseModel):
    id: int
    name: str
    price: float
    tags: List[str]


class Db:
    async def find_user_by_token(self, token: str):
        return USERS.get(token)


DB = Db()


def get_db():
    return DB


def bearer_token(authorization: str = Header()):
    if not authorization.startswith("Bearer "):
        raise HTTPException(401, "Not authenticated", {"WWW-Authenticate": "Bearer"})
    return authorization[7:]


async def current_user(token: str = Depends(bearer_token), db: Db = Depends(get_db)):
    user = await db.find_user_by_token(token)
    if user is None:
        raise HTTPException(401, "Could not validate credentials", {"WWW-Authenticate": "Bearer"})
    return user


@app.get("/hello")
async def hello():
    return {"hello": "world"}


@app.get("/items/{item_id}")
async def read_item(item_id: int, q: Optional[str] = None, skip: int = Query(0, ge=0), limit: int = Query(10, le=100)):
    return {"item_id": item_id, "q": q, "skip": skip, "limit": limit}


@app.post("/items/", response_model=ItemOut)
async def create_item(item: ItemIn):
    return {**item.dict(), "secret": "hidden"}


@app.get("/users/me")
async def read_me(user: dict = Depends(current_user)):
    return user


@app.get("/items-list", response_model=List[ListedItem])
async def list_items():
    return STORED_ITEMS
