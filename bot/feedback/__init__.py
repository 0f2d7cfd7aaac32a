"""What members make of the answers: votes and unanswered questions, logged as JSON lines
beside the knowledge file, and the report that tells an admin what needs attention.

Knows nothing of Discord: the front ends hand in plain values (ids, a vote, an answer).
"""
