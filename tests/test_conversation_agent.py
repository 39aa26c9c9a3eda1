"""A conversation remembers the agent last asked (shown in the admin and exports)."""

import pytest

from agents.models import Agent
from chat.models import Conversation, Message
from chat.services import answer_begin, conversation_get_or_create

pytestmark = pytest.mark.django_db


def test_the_agent_last_asked_becomes_the_conversations_agent(alice):
    production = Agent.objects.get(label="Production Agent")
    esg = Agent.objects.get(label="ESG Agent")
    conversation, _ = conversation_get_or_create(user=alice, agent=production)

    answer_begin(conversation=conversation, agent=esg, question="what are our emissions?")

    assert Conversation.objects.get(pk=conversation.pk).agent == esg
    assert conversation.agent == esg


def test_beginning_an_answer_saves_the_question_and_a_streaming_placeholder(alice):
    production = Agent.objects.get(label="Production Agent")
    conversation, _ = conversation_get_or_create(user=alice)

    question, answer = answer_begin(conversation=conversation, agent=production, question="hi")

    assert (question.role, question.content) == (Message.Role.USER, "hi")
    assert (answer.role, answer.status) == (Message.Role.ASSISTANT, Message.Status.STREAMING)
    assert Conversation.objects.get(pk=conversation.pk).is_listed
