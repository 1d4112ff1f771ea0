import Model

// MARK: - Readable view

extension RankingStatement {
    /// The statement for people, as a JSON object `JSONSerialization` can print (dictionaries, arrays, strings,
    /// integers, Booleans). Keys use the snake_case of the request files (`feeds/*/requests.jsonl`):
    ///
    /// ```json
    /// {"format_version": 1, "model_id": "<128 hex digits>", "epoch": 1, "user_id": 17,
    ///  "request_id": "demo-0001", "n": 1500, "k": 10, "digest": "<SHA-512, 128 hex digits>",
    ///  "shown": [812, 33, …],
    ///  "candidates": [{"post_id": 1, "author_id": 690, …, "features": {"dense": […], "ids": […]}}, …]}
    /// ```
    ///
    /// It is a view, not a format: the canonical bytes are the statement.
    public func jsonObject() -> [String: Any] {
        var rows: [[String: Any]] = []
        rows.reserveCapacity(candidates.count)
        for (post, vector) in zip(candidates, features) {
            rows.append([
                "post_id": post.postID,
                "author_id": post.authorID,
                "topic_id": post.topicID,
                "likes": post.likes,
                "shares": post.shares,
                "replies": post.replies,
                "age_minutes": post.ageMinutes,
                "has_media": post.hasMedia,
                "follows_author": post.followsAuthor,
                "author_interactions": post.authorInteractions,
                "features": ["dense": vector.dense.map(Int.init), "ids": vector.ids.map(Int.init)] as [String: Any],
            ])
        }
        return [
            "format_version": Int(Self.formatVersion),
            "model_id": modelID.hex,
            "epoch": epoch,
            "user_id": userID,
            "request_id": requestID,
            "n": n,
            "k": k,
            "digest": HexText.encode(digest),
            "shown": shown,
            "candidates": rows,
        ]
    }
}
