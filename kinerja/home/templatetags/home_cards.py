"""``{% home_card card data %}``: render an app's home-page card with its own variables (core/registry.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_card(context, card, data: dict):
    card_template = context.template.engine.get_template(card.template)
    with context.push(**data):
        return card_template.render(context)
