package io.cachet.agent.instrument;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Lets a class that carries Cachet annotations load before Byte Buddy's transformer is ready:
 * at the top of each annotated method it puts
 * <pre>{@code
 * if (DeferredWeavingHolder.weave(ThisClass.class)) {
 *     return thisMethod(sameArguments);   // now the woven code
 * }
 * // the method's own body, unchanged
 * }</pre>
 * so the class is woven ({@link DeferredWeaver}) when one of those methods is first called, and
 * that call, which waits for it, is served by the woven code. Why: a class with a cached method
 * that loads early (the main class, a service a framework loads while it starts) used to wait at
 * its load for the transformer, whose build loads and runs about a thousand of Byte Buddy's
 * classes, and so held the application's {@code main} back by that build; the call at the top
 * costs a class load nothing, and only a call that needs the cache waits.
 *
 * <p>Plain ASM (Byte Buddy's copy), since this runs exactly when Byte Buddy's own machinery is
 * not loaded yet: a reader, a writer and a visitor, tens of classes. Nothing is added but code
 * at the top of existing methods, so the class stays retransformable, which is how it is woven
 * later (from its original bytes, by {@link AdviceWeaver}). The call to itself is
 * {@code invokespecial} for an instance method, so it runs this class's method and never an
 * override. No frame is computed (that could load classes): the inserted code ends in a return,
 * and the body it jumps to starts in the method's initial frame, so one {@code F_SAME} frame is
 * all it needs, given unless the body's first instruction has a frame of its own already.
 *
 * <p>Only what this can weave safely is given the call; anything else ({@code null} from
 * {@link #insert}) waits at its load for the transformer as before: interfaces, class files
 * older than Java 7 (no stack map frames), classes in named modules (which would have to be made
 * to read the bridge first) and classes a configured rule may match (the rule's methods carry no
 * annotation, so nothing would trigger their weaving).
 */
final class FirstCallGate {

    private static final String ANNOTATIONS = "Lio/cachet/annotations/";
    private static final String HOLDER = "io/cachet/bootstrap/DeferredWeavingHolder";
    private static final String WEAVE = "weave";
    private static final String WEAVE_DESCRIPTOR = "(Ljava/lang/Class;)Z";
    private static final int NOT_GATED = Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION | Opcodes.ACC_MODULE;
    private static final int NOT_GATED_METHOD = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE
            | Opcodes.ACC_SYNTHETIC;

    private FirstCallGate() {
    }

    /**
     * @return the class file with the call at the top of each annotated method, or {@code null}
     *     when it has none or cannot be given it (it then waits at its load, as before)
     */
    static byte[] insert(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            Gates gates = new Gates(writer);
            reader.accept(gates, 0);
            return gates.gated && !gates.refused ? writer.toByteArray() : null;
        } catch (RuntimeException unreadable) {
            // Not for the gate, so it waits for Byte Buddy, which decides, as before: letting the
            // exception out would have the class load unwoven, and nothing would weave it later.
            return null;
        }
    }

    private static final class Gates extends ClassVisitor {

        private String owner;
        private boolean refused;
        private boolean gated;

        Gates(ClassVisitor writer) {
            super(Opcodes.ASM9, writer);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name;
            refused = (version & 0xFFFF) < Opcodes.V1_7 || (access & NOT_GATED) != 0;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (refused || (access & NOT_GATED_METHOD) != 0 || name.startsWith("<")) {
                return next;
            }
            return new Gate(next, access, name, descriptor);
        }

        /** One method: it is given the call if an annotation of ours is visited before its code. */
        private final class Gate extends MethodVisitor {

            private final int access;
            private final String name;
            private final String descriptor;
            private boolean annotated;
            /** Whether the body's start still needs its frame: the inserted code jumps there. */
            private boolean frameDue;

            Gate(MethodVisitor next, int access, String name, String descriptor) {
                super(Opcodes.ASM9, next);
                this.access = access;
                this.name = name;
                this.descriptor = descriptor;
            }

            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                annotated |= annotation.startsWith(ANNOTATIONS);
                return super.visitAnnotation(annotation, visible);
            }

            @Override
            public void visitCode() {
                super.visitCode();
                if (!annotated) {
                    return;
                }
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                Label body = new Label();
                super.visitLdcInsn(Type.getObjectType(owner));
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOLDER, WEAVE, WEAVE_DESCRIPTOR, false);
                super.visitJumpInsn(Opcodes.IFEQ, body);
                int slot = 0;
                if (!isStatic) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    slot = 1;
                }
                Type method = Type.getMethodType(descriptor);
                for (Type argument : method.getArgumentTypes()) {
                    super.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                    slot += argument.getSize();
                }
                super.visitMethodInsn(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner, name, descriptor, false);
                super.visitInsn(method.getReturnType().getOpcode(Opcodes.IRETURN));
                super.visitLabel(body);
                frameDue = true;
                gated = true;
            }

            @Override
            public void visitFrame(int type, int locals, Object[] local, int stack, Object[] onStack) {
                frameDue = false; // the body's first instruction is a jump target: its frame serves ours too
                super.visitFrame(type, locals, local, stack, onStack);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                // The call to itself pushes the receiver and every argument; the call before it, one slot.
                int arguments = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - ((access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
                super.visitMaxs(annotated ? Math.max(maxStack, Math.max(arguments, 1)) : maxStack, maxLocals);
            }

            private void frameBeforeInstruction() {
                if (frameDue) {
                    frameDue = false;
                    super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
                }
            }

            @Override
            public void visitInsn(int opcode) {
                frameBeforeInstruction();
                super.visitInsn(opcode);
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                frameBeforeInstruction();
                super.visitIntInsn(opcode, operand);
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                frameBeforeInstruction();
                super.visitVarInsn(opcode, varIndex);
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                frameBeforeInstruction();
                super.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitFieldInsn(int opcode, String fieldOwner, String field, String fieldDescriptor) {
                frameBeforeInstruction();
                super.visitFieldInsn(opcode, fieldOwner, field, fieldDescriptor);
            }

            @Override
            public void visitMethodInsn(int opcode, String methodOwner, String method, String methodDescriptor, boolean isInterface) {
                frameBeforeInstruction();
                super.visitMethodInsn(opcode, methodOwner, method, methodDescriptor, isInterface);
            }

            @Override
            public void visitInvokeDynamicInsn(String method, String methodDescriptor, Handle bootstrap, Object... arguments) {
                frameBeforeInstruction();
                super.visitInvokeDynamicInsn(method, methodDescriptor, bootstrap, arguments);
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                frameBeforeInstruction();
                super.visitJumpInsn(opcode, label);
            }

            @Override
            public void visitLdcInsn(Object value) {
                frameBeforeInstruction();
                super.visitLdcInsn(value);
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                frameBeforeInstruction();
                super.visitIincInsn(varIndex, increment);
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                frameBeforeInstruction();
                super.visitTableSwitchInsn(min, max, dflt, labels);
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                frameBeforeInstruction();
                super.visitLookupSwitchInsn(dflt, keys, labels);
            }

            @Override
            public void visitMultiANewArrayInsn(String type, int dimensions) {
                frameBeforeInstruction();
                super.visitMultiANewArrayInsn(type, dimensions);
            }
        }
    }
}
