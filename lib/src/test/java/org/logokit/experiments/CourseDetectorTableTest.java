package org.logokit.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class CourseDetectorTableTest {

    @Test
    void aMissingModelsFolderGivesAMessageNotAFailure(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<CourseDetectorTable.Entry> entries = CourseDetectorTable.evaluate(dir.resolve("models"), 0, 4,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(entries.isEmpty());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("does not exist. Run chapters 06-12 first"), out.toString());
    }

    @Test
    void foldersThatAreNotSavedDetectorsAreListedWithTheReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("models/half-copied"));
        Files.createDirectories(dir.resolve("models/broken"));
        Files.writeString(dir.resolve("models/broken/detector.json"), "{not json", StandardCharsets.UTF_8);
        List<CourseDetectorTable.Entry> entries = CourseDetectorTable.evaluate(dir.resolve("models"), 0, 4,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(2, entries.size());
        assertEquals("broken", entries.get(0).name());
        assertEquals("half-copied", entries.get(1).name());
        for (CourseDetectorTable.Entry e : entries) {
            assertEquals(null, e.report());
            assertTrue(!e.note().isEmpty(), "a skipped folder says why");
        }
        assertTrue(entries.get(1).note().startsWith("not a saved detector"), entries.get(1).note());
        Table table = CourseDetectorTable.table(entries);
        assertEquals(2, table.rowCount());
        assertTrue(table.doubleColumn("mAP").isMissing().size() == 2);
    }
}
