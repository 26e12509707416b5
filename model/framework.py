"""The indicator framework (一级 → 二级 names) for the two conventions, with local synonyms."""

from __future__ import annotations

from functools import lru_cache

from .entities import Profile

OUTPUT = "产出指标"
EFFECT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
COST2 = "成本指标"  # the level-2 of the 2015 rules
ECONOMIC = "经济效益指标"
SOCIAL = "社会效益指标"
ECOLOGICAL = "生态效益指标"
SUSTAINABLE = "可持续影响指标"
SERVICE_SATISFACTION = "服务对象满意度指标"
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ECO_COST = "生态环境成本指标"

# Local forms write these; accept them and keep what the user wrote.
SYNONYMS: dict[str, str] = {
    "环境效益指标": ECOLOGICAL,
    "社会公众或服务对象满意度指标": SERVICE_SATISFACTION,
    "服务对象满意度": SERVICE_SATISFACTION,
    "满意度": SATISFACTION,
    "产出": OUTPUT,
    "效益": EFFECT,
}


def canonical(name: str) -> str:
    """The framework's own name for a level-1/level-2 name written with a local synonym."""
    name = name.strip()
    return SYNONYMS.get(name, name)


def allowed(profile: Profile, *, allow_sustainable: bool = True) -> dict[str, list[str]]:
    """Level-1 names with the level-2 names allowed under each, in the order forms list them."""
    effects = [ECONOMIC, SOCIAL, ECOLOGICAL] + ([SUSTAINABLE] if allow_sustainable else [])
    if profile is Profile.GUIDANCE_2021:
        return {
            OUTPUT: [QUANTITY, QUALITY, TIMELINESS],
            COST: [ECONOMIC_COST, SOCIAL_COST, ECO_COST],
            EFFECT: effects,
            SATISFACTION: [SERVICE_SATISFACTION],
        }
    return {
        OUTPUT: [QUANTITY, QUALITY, TIMELINESS, COST2],
        EFFECT: effects,
        SATISFACTION: [SERVICE_SATISFACTION],
    }


@lru_cache(maxsize=8)
def allowed_shared(profile: Profile, allow_sustainable: bool = True) -> dict[str, list[str]]:
    """allowed(), one shared dict per setting, for callers that only read it (the rules ask
    for every row of every project; building the dict each time was a measurable cost)."""
    return allowed(profile, allow_sustainable=allow_sustainable)


def level1_of(level2: str, profile: Profile, *, allow_sustainable: bool = True) -> str | None:
    """The level-1 a level-2 name belongs to under this profile, or None if it is not allowed."""
    level2 = canonical(level2)
    for level1, names in allowed_shared(profile, allow_sustainable).items():
        if level2 in names:
            return level1
    return None
