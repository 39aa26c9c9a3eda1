"""REST views of agents: the list the chat's agent picker shows."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.selectors import agent_list_active
from agents.serializers import AgentListItemSerializer


class AgentListView(APIView):
    @extend_schema(
        operation_id="agents_list",
        summary="The active agents",
        description="In the order set in the admin. `label` is what clients pass as `agentName`.",
        responses={200: AgentListItemSerializer(many=True)},
        tags=["agents"],
    )
    def get(self, request: Request) -> Response:
        return Response(AgentListItemSerializer(agent_list_active(), many=True).data)
