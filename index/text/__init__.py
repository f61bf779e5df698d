"""Sentences and chunks, quotation marks, speakers, time expressions and near-duplicate stories."""
