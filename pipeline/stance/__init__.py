"""Stance of each speech toward each target it debates: support, oppose or neutral."""
