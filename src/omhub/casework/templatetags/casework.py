from django import template

from omhub.casework.deadlines import describe_rule

register = template.Library()


@register.filter
def rule_text(rule: dict) -> str:
    """A deadline rule in words: '10 working days after receipt (15:00 cut-off)'."""
    return describe_rule(rule)


@register.filter
def conditions_text(codes: list) -> str:
    """The bring-forward diary's conditions on the person, in words: 'is in custody and is a foreign national'."""
    from omhub.casework.diary import describe_conditions

    return describe_conditions(codes or [])
