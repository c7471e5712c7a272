package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Reads that arrive while MGETs are out go together once one comes back, each answered with its
 * own keys' values. The "Redis" here answers each MGET when the test says, with each key's name
 * as its value, so that a read given another read's slice shows it.
 */
class CoalescedReadsTest {

    private final List<String[]> sent = new ArrayList<>();
    private final List<CompletableFuture<List<Object>>> replies = new ArrayList<>();
    private final CoalescedReads reads = new CoalescedReads(this::send, 2, 5, 60_000);

    private synchronized CompletionStage<List<Object>> send(Object client, String[] keys) {
        CompletableFuture<List<Object>> reply = new CompletableFuture<>();
        sent.add(keys);
        replies.add(reply);
        return reply;
    }

    /** Answers the {@code n}th MGET sent with each of its keys' own name. */
    private void answer(int n) {
        replies.get(n).complete(new ArrayList<>(Arrays.asList((Object[]) sent.get(n))));
    }

    private CompletableFuture<List<Object>> read(String... keys) {
        return reads.mget(null, "products", keys).toCompletableFuture();
    }

    @Test
    void readsWithinTheLimitAreSentAtOnceEachAlone() {
        CompletableFuture<List<Object>> a = read("a", "a:c");
        CompletableFuture<List<Object>> b = read("b", "b:c");
        assertThat(sent).containsExactly(new String[] {"a", "a:c"}, new String[] {"b", "b:c"});
        answer(1);
        answer(0);
        assertThat(a.join()).containsExactly("a", "a:c");
        assertThat(b.join()).containsExactly("b", "b:c");
    }

    @Test
    void readsBeyondTheLimitGoTogetherWhenOneComesBackEachWithItsOwnValues() {
        CompletableFuture<List<Object>> a = read("a", "a:c");
        read("b", "b:c");
        CompletableFuture<List<Object>> c = read("c", "c:c");
        CompletableFuture<List<Object>> d = read("d", "d:c", "d:k");
        assertThat(sent).as("nothing more while two are out").hasSize(2);
        answer(0);
        assertThat(a.join()).containsExactly("a", "a:c");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2)).containsExactly("c", "c:c", "d", "d:c", "d:k");
        answer(2);
        assertThat(c.join()).containsExactly("c", "c:c");
        assertThat(d.join()).containsExactly("d", "d:c", "d:k");
    }

    @Test
    void busyFromTheLimitOnUntilNoReadWaitsAndFewerAreOut() {
        assertThat(reads.busy()).isFalse();
        read("a", "a:c");
        assertThat(reads.busy()).as("one out of two").isFalse();
        read("b", "b:c");
        assertThat(reads.busy()).as("two out").isTrue();
        read("c", "c:c");
        answer(0);
        assertThat(reads.busy()).as("c went out in a's place").isTrue();
        answer(1);
        assertThat(reads.busy()).isFalse();
    }

    @Test
    void aBatchHoldsAtMostMaxKeysAndTheRestWaitsForTheNextReply() {
        read("a");
        read("b");
        CompletableFuture<List<Object>> c = read("c", "c:c", "c:k");
        CompletableFuture<List<Object>> d = read("d", "d:c", "d:k");
        answer(0);
        assertThat(sent.get(2)).as("five keys at most: d waits").containsExactly("c", "c:c", "c:k");
        answer(1);
        assertThat(sent.get(3)).containsExactly("d", "d:c", "d:k");
        answer(2);
        answer(3);
        assertThat(c.join()).containsExactly("c", "c:c", "c:k");
        assertThat(d.join()).containsExactly("d", "d:c", "d:k");
    }

    @Test
    void afterTheQueueEmptiesReadsAreSentAtOnceAgain() {
        read("a");
        read("b");
        read("c");
        answer(0); // sends c
        answer(1); // nothing waits: one fewer out
        answer(2);
        read("d");
        read("e");
        assertThat(sent).hasSize(5);
    }

    @Test
    void aFailedBatchFailsEachOfItsReadsAndTheNextStillGoesOut() {
        read("a");
        read("b");
        CompletableFuture<List<Object>> c = read("c");
        CompletableFuture<List<Object>> d = read("d");
        answer(0);
        replies.get(2).completeExceptionally(new StoreException("scripted: connection reset", null));
        assertThat(c).isCompletedExceptionally();
        assertThat(d).isCompletedExceptionally();
        CompletableFuture<List<Object>> e = read("e");
        assertThat(sent).as("the failed batch is no longer out").hasSize(4);
        answer(3);
        assertThat(e.join()).containsExactly("e");
    }

    @Test
    void aReplyOfAnotherLengthGoesWholeToEveryReadForItsCheckToDrop() {
        read("a");
        read("b");
        CompletableFuture<List<Object>> c = read("c", "c:c");
        CompletableFuture<List<Object>> d = read("d", "d:c");
        answer(0);
        replies.get(2).complete(Arrays.asList("OK"));
        assertThat(c.join()).containsExactly("OK");
        assertThat(d.join()).containsExactly("OK");
    }

    @Test
    void aReadWhoseCallerGaveUpLeavesTheRestOfItsBatchAlone() throws ExecutionException, InterruptedException {
        read("a");
        read("b");
        CompletableFuture<List<Object>> c = read("c");
        CompletableFuture<List<Object>> d = read("d");
        c.cancel(false);
        answer(0);
        answer(2);
        assertThat(d.get()).containsExactly("d");
    }

    @Test
    void readsOfACacheWithALargeEntrySeenGoAloneFromThenOn() {
        read("a", "a:c");
        read("b", "b:c");
        CompletableFuture<List<Object>> c = read("c", "c:c");
        read("d", "d:c");
        answer(0);
        List<Object> large = new ArrayList<>(Arrays.asList((Object[]) sent.get(2)));
        large.set(2, new byte[CoalescedReads.ALONE_FROM]);
        replies.get(2).complete(large);
        assertThat(c.join()).containsExactly("c", "c:c");
        reads.mget(null, "others", new String[] {"x"});
        assertThat(sent).as("b's and x's out").hasSize(4);
        read("e", "e:c");
        read("f", "f:c");
        assertThat(sent).as("sent at once, though as many as the limit are out").hasSize(6);
        assertThat(reads.mget(null, "others", new String[] {"g"})).as("another cache's read still waits").isNotDone();
        assertThat(sent).hasSize(6);
    }

    @Test
    void batchesThatNeverComeBackGiveUpTheirPlacesAtTheDeadline() {
        long[] now = {0};
        CoalescedReads withDeadline = new CoalescedReads(this::send, 2, 5, 1, () -> now[0]);
        withDeadline.mget(null, "products", new String[] {"a"});
        withDeadline.mget(null, "products", new String[] {"b"});
        now[0] = 1_000_001; // past the 1 ms deadline; a and b are never answered (a connection out of step)
        CompletableFuture<List<Object>> c = withDeadline.mget(null, "products", new String[] {"c"}).toCompletableFuture();
        assertThat(sent).as("c sent at once").hasSize(3);
        answer(0); // a late reply to a batch that gave up its place
        answer(2);
        assertThat(c.join()).containsExactly("c");
    }
}
