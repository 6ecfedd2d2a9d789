package io.pgconnector.spring.boot;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.errors.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationUtils;

import java.util.Map;

/**
 * Attaches the {@link CdcTable} beans to the listener and runs it with the application context: started last,
 * stopped first, and stopped gracefully (the engine commits the offsets of handled changes).
 */
final class CdcLifecycle implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CdcLifecycle.class);

    private final CdcListener listener;
    private final ApplicationContext context;
    private final CdcInstrumentation instrumentation;
    private volatile boolean running;
    private boolean attached;

    CdcLifecycle(CdcListener listener, ApplicationContext context, CdcInstrumentation instrumentation) {
        this.listener = listener;
        this.context = context;
        this.instrumentation = instrumentation;
    }

    @Override
    public synchronized void start() {
        if (!attached) {
            attachServices();
            attached = true;
        }
        listener.start();
        running = true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void attachServices() {
        Map<String, Object> beans = context.getBeansWithAnnotation(CdcTable.class);
        for (Map.Entry<String, Object> e : beans.entrySet()) {
            Object bean = e.getValue();
            if (!(bean instanceof CdcService)) {
                throw new ConfigurationException("Bean '" + e.getKey() + "' is annotated @CdcTable but is not a "
                        + "CdcService; implement CdcService<RowType>");
            }
            Class<?> type = AopUtils.getTargetClass(bean);
            CdcTable table = AnnotationUtils.findAnnotation(type, CdcTable.class);
            Class<?> rowType = table.rowType() != Object.class ? table.rowType()
                    : ResolvableType.forClass(type).as(CdcService.class).getGeneric(0).resolve(Map.class);
            CdcService<?> service = (CdcService<?>) bean;
            if (instrumentation != null) {
                service = instrumentation.instrument(service);
            }
            listener.attach((Class) rowType, service, table.value());
            LOG.debug("Attached CDC service {} for {} as {}", e.getKey(), String.join(", ", table.value()),
                    rowType.getName());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        listener.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
